package io.sluice.node.stream;

import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoUtils;
import io.sluice.node.config.StreamBackendConfig.Contract;
import io.sluice.proto.proxy.StreamSubscribeRequest;
import io.sluice.proto.proxy.StreamSubscribeResponse;
import io.sluice.proto.proxy.SubscribeRequest;
import io.sluice.proto.proxystream.ConnectRequest;
import io.sluice.proto.proxystream.Request;
import io.sluice.proto.proxystream.Response;

/**
 * The gRPC methods Sluice calls. Both contracts put the same bytes on the wire (the seed's subscription
 * messages use a subset of the shipped field numbers), so one set of message classes, those of the
 * shipped {@code proxy.proto}, serves both; only the service path differs.
 */
public final class StreamMethods {

    static final String PROXY_STREAM_SERVICE = "centrifugal.centrifugo.proxystream.CentrifugoProxyStream";
    static final String CENTRIFUGO_PROXY_SERVICE = "centrifugal.centrifugo.proxy.CentrifugoProxy";

    private static final MethodDescriptor<SubscribeRequest, StreamSubscribeResponse> SEED_SUBSCRIBE_UNI =
            subscribeUnidirectional(PROXY_STREAM_SERVICE);
    private static final MethodDescriptor<StreamSubscribeRequest, StreamSubscribeResponse> SEED_SUBSCRIBE_BIDI =
            subscribeBidirectional(PROXY_STREAM_SERVICE);
    private static final MethodDescriptor<SubscribeRequest, StreamSubscribeResponse> V5_SUBSCRIBE_UNI =
            subscribeUnidirectional(CENTRIFUGO_PROXY_SERVICE);
    private static final MethodDescriptor<StreamSubscribeRequest, StreamSubscribeResponse> V5_SUBSCRIBE_BIDI =
            subscribeBidirectional(CENTRIFUGO_PROXY_SERVICE);

    /** Connection streams exist in the seed contract only. */
    static final MethodDescriptor<ConnectRequest, Response> CONNECT_UNI = method(
            MethodDescriptor.MethodType.SERVER_STREAMING, PROXY_STREAM_SERVICE, "ConnectUnidirectional",
            ConnectRequest.getDefaultInstance(), Response.getDefaultInstance());
    static final MethodDescriptor<Request, Response> CONNECT_BIDI = method(
            MethodDescriptor.MethodType.BIDI_STREAMING, PROXY_STREAM_SERVICE, "ConnectBidirectional",
            Request.getDefaultInstance(), Response.getDefaultInstance());

    private StreamMethods() {
    }

    static MethodDescriptor<SubscribeRequest, StreamSubscribeResponse> subscribeUnidirectional(Contract contract) {
        return contract == Contract.CENTRIFUGO_PROXY ? V5_SUBSCRIBE_UNI : SEED_SUBSCRIBE_UNI;
    }

    static MethodDescriptor<StreamSubscribeRequest, StreamSubscribeResponse> subscribeBidirectional(Contract contract) {
        return contract == Contract.CENTRIFUGO_PROXY ? V5_SUBSCRIBE_BIDI : SEED_SUBSCRIBE_BIDI;
    }

    private static MethodDescriptor<SubscribeRequest, StreamSubscribeResponse> subscribeUnidirectional(String service) {
        return method(MethodDescriptor.MethodType.SERVER_STREAMING, service, "SubscribeUnidirectional",
                SubscribeRequest.getDefaultInstance(), StreamSubscribeResponse.getDefaultInstance());
    }

    private static MethodDescriptor<StreamSubscribeRequest, StreamSubscribeResponse> subscribeBidirectional(String service) {
        return method(MethodDescriptor.MethodType.BIDI_STREAMING, service, "SubscribeBidirectional",
                StreamSubscribeRequest.getDefaultInstance(), StreamSubscribeResponse.getDefaultInstance());
    }

    private static <Q extends com.google.protobuf.Message, R extends com.google.protobuf.Message>
            MethodDescriptor<Q, R> method(MethodDescriptor.MethodType type, String service, String name, Q request, R response) {
        return MethodDescriptor.<Q, R>newBuilder()
                .setType(type)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(service, name))
                .setRequestMarshaller(ProtoUtils.marshaller(request))
                .setResponseMarshaller(ProtoUtils.marshaller(response))
                .build();
    }
}
