package io.sluice.bench.backend;

import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.sluice.bench.common.Contract;
import io.sluice.proto.proxy.StreamSubscribeRequest;

/** One contract's subscription-stream service: each call becomes a {@link BackendStream}. */
final class StreamService {

    private StreamService() {
    }

    static ServerServiceDefinition of(Contract contract, Pacer pacer, FloodGate gate) {
        return ServerServiceDefinition.builder(contract.service())
                .addMethod(contract.subscribeUnidirectional(), ServerCalls.asyncServerStreamingCall(
                        (request, responses) -> new BackendStream(responses, pacer, gate).start(request.getData())))
                .addMethod(contract.subscribeBidirectional(), ServerCalls.asyncBidiStreamingCall(
                        responses -> requests(new BackendStream(responses, pacer, gate))))
                .build();
    }

    private static StreamObserver<StreamSubscribeRequest> requests(BackendStream stream) {
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
