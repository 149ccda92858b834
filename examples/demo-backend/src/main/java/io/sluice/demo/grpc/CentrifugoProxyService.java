package io.sluice.demo.grpc;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import io.sluice.demo.streams.Streams;
import io.sluice.demo.streams.SubscribeStart;
import io.sluice.proto.proxy.CentrifugoProxyGrpc;
import io.sluice.proto.proxy.Error;
import io.sluice.proto.proxy.Publication;
import io.sluice.proto.proxy.StreamSubscribeRequest;
import io.sluice.proto.proxy.StreamSubscribeResponse;
import io.sluice.proto.proxy.SubscribeRequest;
import io.sluice.proto.proxy.SubscribeResponse;
import io.sluice.proto.proxy.SubscribeResult;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The contract Centrifugo ships since v5.1, {@code centrifugal.centrifugo.proxy.CentrifugoProxy}:
 * the same subscription streams as {@link ProxyStreamService}, under the names a real Centrifugo
 * backend implements. It has no connection streams.
 */
final class CentrifugoProxyService extends CentrifugoProxyGrpc.CentrifugoProxyImplBase {

    static final String CONTRACT = "CentrifugoProxy";

    private static final SubscriptionMessages<StreamSubscribeResponse> MESSAGES = new SubscriptionMessages<>() {
        @Override
        public StreamSubscribeResponse accepted(ByteString data) {
            return StreamSubscribeResponse.newBuilder().setSubscribeResponse(SubscribeResponse.newBuilder()
                    .setResult(SubscribeResult.newBuilder().setData(data))).build();
        }

        @Override
        public StreamSubscribeResponse rejected(int code, String message) {
            return StreamSubscribeResponse.newBuilder().setSubscribeResponse(SubscribeResponse.newBuilder()
                    .setError(Error.newBuilder().setCode(code).setMessage(message))).build();
        }

        @Override
        public StreamSubscribeResponse publication(ByteString data) {
            return StreamSubscribeResponse.newBuilder().setPublication(Publication.newBuilder().setData(data)).build();
        }
    };

    private final Streams streams;

    CentrifugoProxyService(Streams streams) {
        this.streams = streams;
    }

    @Override
    public void subscribeUnidirectional(SubscribeRequest request, StreamObserver<StreamSubscribeResponse> responses) {
        streams.unidirectional(start(request), new GrpcSubscriptionCall<>(responses, MESSAGES, false));
    }

    @Override
    public StreamObserver<StreamSubscribeRequest> subscribeBidirectional(
            StreamObserver<StreamSubscribeResponse> responses) {
        Streams.Inbound inbound = streams.bidirectional(new GrpcSubscriptionCall<>(responses, MESSAGES, true));
        return new StreamObserver<>() {
            @Override
            public void onNext(StreamSubscribeRequest request) {
                if (request.hasSubscribeRequest()) {
                    inbound.subscribe(start(request.getSubscribeRequest()));
                } else if (request.hasPublication()) {
                    inbound.publication(request.getPublication().getData().toByteArray());
                }
            }

            @Override
            public void onError(Throwable t) {
                inbound.ended("cancelled by the node");
            }

            @Override
            public void onCompleted() {
                inbound.ended("finished by the node");
            }
        };
    }

    /** Centrifugo sends {@code b64data} instead of {@code data} when its proxy binary encoding is on. */
    private static SubscribeStart start(SubscribeRequest r) {
        return new SubscribeStart(CONTRACT, r.getClient(), r.getUser(), r.getChannel(), data(r));
    }

    private static byte[] data(SubscribeRequest r) {
        if (r.getB64Data().isEmpty()) {
            return r.getData().toByteArray();
        }
        try {
            return Base64.getDecoder().decode(r.getB64Data());
        } catch (IllegalArgumentException e) {
            return r.getB64Data().getBytes(StandardCharsets.UTF_8); // not base64: the behaviour rejects it as bad data
        }
    }
}
