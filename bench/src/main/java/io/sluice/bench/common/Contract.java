package io.sluice.bench.common;

import com.google.protobuf.Message;
import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoUtils;
import io.sluice.proto.proxy.StreamSubscribeRequest;
import io.sluice.proto.proxy.StreamSubscribeResponse;
import io.sluice.proto.proxy.SubscribeRequest;

/**
 * The two backend contracts' subscription-stream methods. Their messages put the same bytes on the
 * wire (the seed's use a subset of the shipped field numbers), so the shipped {@code proxy.proto}
 * types serve both and only the service path differs, as in the node.
 */
public enum Contract {
    /** The seed contract. */
    SEED("centrifugal.centrifugo.proxystream.CentrifugoProxyStream"),
    /** The contract Centrifugo ships since v5.1. */
    V5("centrifugal.centrifugo.proxy.CentrifugoProxy");

    private final String service;
    private final MethodDescriptor<SubscribeRequest, StreamSubscribeResponse> unidirectional;
    private final MethodDescriptor<StreamSubscribeRequest, StreamSubscribeResponse> bidirectional;

    Contract(String service) {
        this.service = service;
        this.unidirectional = method(MethodDescriptor.MethodType.SERVER_STREAMING, "SubscribeUnidirectional",
                SubscribeRequest.getDefaultInstance());
        this.bidirectional = method(MethodDescriptor.MethodType.BIDI_STREAMING, "SubscribeBidirectional",
                StreamSubscribeRequest.getDefaultInstance());
    }

    public String service() {
        return service;
    }

    public MethodDescriptor<SubscribeRequest, StreamSubscribeResponse> subscribeUnidirectional() {
        return unidirectional;
    }

    public MethodDescriptor<StreamSubscribeRequest, StreamSubscribeResponse> subscribeBidirectional() {
        return bidirectional;
    }

    private <Q extends Message> MethodDescriptor<Q, StreamSubscribeResponse> method(MethodDescriptor.MethodType type,
                                                                                   String name, Q request) {
        return MethodDescriptor.<Q, StreamSubscribeResponse>newBuilder()
                .setType(type)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(service, name))
                .setRequestMarshaller(ProtoUtils.marshaller(request))
                .setResponseMarshaller(ProtoUtils.marshaller(StreamSubscribeResponse.getDefaultInstance()))
                .build();
    }
}
