package io.sluice.proto;

import com.google.protobuf.Message;
import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoUtils;
import io.sluice.proto.proxy.StreamSubscribeRequest;
import io.sluice.proto.proxy.StreamSubscribeResponse;
import io.sluice.proto.proxy.SubscribeRequest;
import io.sluice.proto.proxystream.ConnectRequest;
import io.sluice.proto.proxystream.Request;
import io.sluice.proto.proxystream.Response;

/**
 * The backend stream methods, for the node and the benchmarks. Both contracts put the same bytes on
 * the wire for subscription streams (the seed's messages use a subset of the shipped field numbers),
 * so one set of message classes, those of the shipped {@code proxy.proto}, serves both; only the
 * service path differs.
 */
public final class StreamMethods {

    public static final String PROXY_STREAM_SERVICE = "centrifugal.centrifugo.proxystream.CentrifugoProxyStream";
    public static final String CENTRIFUGO_PROXY_SERVICE = "centrifugal.centrifugo.proxy.CentrifugoProxy";

    public static final MethodDescriptor<SubscribeRequest, StreamSubscribeResponse> SEED_SUBSCRIBE_UNI =
            subscribeUnidirectional(PROXY_STREAM_SERVICE);
    public static final MethodDescriptor<StreamSubscribeRequest, StreamSubscribeResponse> SEED_SUBSCRIBE_BIDI =
            subscribeBidirectional(PROXY_STREAM_SERVICE);
    public static final MethodDescriptor<SubscribeRequest, StreamSubscribeResponse> V5_SUBSCRIBE_UNI =
            subscribeUnidirectional(CENTRIFUGO_PROXY_SERVICE);
    public static final MethodDescriptor<StreamSubscribeRequest, StreamSubscribeResponse> V5_SUBSCRIBE_BIDI =
            subscribeBidirectional(CENTRIFUGO_PROXY_SERVICE);

    /** Connection streams exist in the seed contract only. */
    public static final MethodDescriptor<ConnectRequest, Response> CONNECT_UNI = method(
            MethodDescriptor.MethodType.SERVER_STREAMING, PROXY_STREAM_SERVICE, "ConnectUnidirectional",
            ConnectRequest.getDefaultInstance(), Response.getDefaultInstance());
    public static final MethodDescriptor<Request, Response> CONNECT_BIDI = method(
            MethodDescriptor.MethodType.BIDI_STREAMING, PROXY_STREAM_SERVICE, "ConnectBidirectional",
            Request.getDefaultInstance(), Response.getDefaultInstance());

    /** Which way a stream carries messages besides the backend's: only the first request, or client messages too. */
    public enum Direction {
        UNIDIRECTIONAL, BIDIRECTIONAL;

        public static Direction of(boolean bidirectional) {
            return bidirectional ? BIDIRECTIONAL : UNIDIRECTIONAL;
        }
    }

    private StreamMethods() {
    }

    /**
     * The subscription stream method: of Centrifugo's shipped {@code proxy.proto} service ({@code shipped}) or
     * of the seed's. Unidirectional calls send one {@link SubscribeRequest}, bidirectional ones
     * {@link StreamSubscribeRequest}s.
     */
    public static MethodDescriptor<? extends Message, StreamSubscribeResponse> subscribe(boolean shipped,
                                                                                         Direction direction) {
        if (direction == Direction.BIDIRECTIONAL) {
            return shipped ? V5_SUBSCRIBE_BIDI : SEED_SUBSCRIBE_BIDI;
        }
        return shipped ? V5_SUBSCRIBE_UNI : SEED_SUBSCRIBE_UNI;
    }

    /** The connection stream method: unidirectional calls send one {@link ConnectRequest}, bidirectional ones {@link Request}s. */
    public static MethodDescriptor<? extends Message, Response> connect(Direction direction) {
        return direction == Direction.BIDIRECTIONAL ? CONNECT_BIDI : CONNECT_UNI;
    }

    private static MethodDescriptor<SubscribeRequest, StreamSubscribeResponse> subscribeUnidirectional(String service) {
        return method(MethodDescriptor.MethodType.SERVER_STREAMING, service, "SubscribeUnidirectional",
                SubscribeRequest.getDefaultInstance(), StreamSubscribeResponse.getDefaultInstance());
    }

    private static MethodDescriptor<StreamSubscribeRequest, StreamSubscribeResponse> subscribeBidirectional(String service) {
        return method(MethodDescriptor.MethodType.BIDI_STREAMING, service, "SubscribeBidirectional",
                StreamSubscribeRequest.getDefaultInstance(), StreamSubscribeResponse.getDefaultInstance());
    }

    private static <Q extends Message, R extends Message> MethodDescriptor<Q, R> method(
            MethodDescriptor.MethodType type, String service, String name, Q request, R response) {
        return MethodDescriptor.<Q, R>newBuilder()
                .setType(type)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(service, name))
                .setRequestMarshaller(ProtoUtils.marshaller(request))
                .setResponseMarshaller(ProtoUtils.marshaller(response))
                .build();
    }
}
