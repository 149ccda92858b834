package io.sluice.bench.backend;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import io.sluice.proto.proxy.CentrifugoProxyGrpc;
import io.sluice.proto.proxy.Publication;
import io.sluice.proto.proxy.StreamSubscribeRequest;
import io.sluice.proto.proxy.StreamSubscribeResponse;
import io.sluice.proto.proxy.SubscribeRequest;
import io.sluice.proto.proxy.SubscribeResponse;
import io.sluice.proto.proxy.SubscribeResult;

/** The contract Centrifugo ships since v5.1 ({@code CentrifugoProxy}): the same streams, other types. */
final class V5Contract extends CentrifugoProxyGrpc.CentrifugoProxyImplBase {

    private static final StreamSubscribeResponse ACCEPTED = StreamSubscribeResponse.newBuilder()
            .setSubscribeResponse(SubscribeResponse.newBuilder().setResult(SubscribeResult.getDefaultInstance())).build();

    private static final ContractMessages<StreamSubscribeResponse> MESSAGES = new ContractMessages<>() {
        @Override
        public StreamSubscribeResponse accepted() {
            return ACCEPTED;
        }

        @Override
        public StreamSubscribeResponse publication(ByteString data) {
            return StreamSubscribeResponse.newBuilder().setPublication(Publication.newBuilder().setData(data)).build();
        }
    };

    private final Pacer pacer;
    private final FloodGate gate;

    V5Contract(Pacer pacer, FloodGate gate) {
        this.pacer = pacer;
        this.gate = gate;
    }

    @Override
    public void subscribeUnidirectional(SubscribeRequest request, StreamObserver<StreamSubscribeResponse> responses) {
        new BackendStream<>(responses, MESSAGES, pacer, gate).start(request.getData());
    }

    @Override
    public StreamObserver<StreamSubscribeRequest> subscribeBidirectional(StreamObserver<StreamSubscribeResponse> responses) {
        BackendStream<StreamSubscribeResponse> stream = new BackendStream<>(responses, MESSAGES, pacer, gate);
        return new StreamObserver<>() {
            @Override
            public void onNext(StreamSubscribeRequest request) {
                if (request.hasSubscribeRequest()) {
                    stream.start(request.getSubscribeRequest().getData());
                } else if (request.hasPublication()) {
                    stream.echo(request.getPublication().getData());
                }
            }

            @Override
            public void onError(Throwable t) {
                // Cancelled by the caller: the stream's cancel handler has stopped it.
            }

            @Override
            public void onCompleted() {
                stream.finish();
            }
        };
    }
}
