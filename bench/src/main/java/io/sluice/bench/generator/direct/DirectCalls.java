package io.sluice.bench.generator.direct;

import com.google.protobuf.ByteString;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import io.sluice.bench.common.Contract;
import io.sluice.proto.proxy.Publication;
import io.sluice.proto.proxy.StreamSubscribeRequest;
import io.sluice.proto.proxy.StreamSubscribeResponse;
import io.sluice.proto.proxy.SubscribeRequest;

/** Opens subscription streams on the benchmark backend through one contract's methods. */
final class DirectCalls {

    private final Contract contract;

    DirectCalls(Contract contract) {
        this.contract = contract;
    }

    DirectCall subscribe(Channel channel, String client, String streamChannel, ByteString data, StreamSink sink) {
        Responses<SubscribeRequest> responses = new Responses<>(sink, false);
        ClientCalls.asyncServerStreamingCall(channel.newCall(contract.subscribeUnidirectional(), CallOptions.DEFAULT),
                request(client, streamChannel, data), responses);
        return new Sender(responses, null);
    }

    DirectCall subscribeBidirectional(Channel channel, String client, String streamChannel, ByteString data,
                                      StreamSink sink) {
        Responses<StreamSubscribeRequest> responses = new Responses<>(sink, true);
        StreamObserver<StreamSubscribeRequest> requests = ClientCalls.asyncBidiStreamingCall(
                channel.newCall(contract.subscribeBidirectional(), CallOptions.DEFAULT), responses);
        requests.onNext(StreamSubscribeRequest.newBuilder().setSubscribeRequest(request(client, streamChannel, data)).build());
        return new Sender(responses, requests);
    }

    private static SubscribeRequest request(String client, String channel, ByteString data) {
        return SubscribeRequest.newBuilder().setClient(client).setTransport("grpc").setProtocol("protobuf")
                .setEncoding("binary").setChannel(channel).setData(data).build();
    }

    private record Sender(Responses<?> responses, StreamObserver<StreamSubscribeRequest> requests) implements DirectCall {
        @Override
        public boolean isReady() {
            return responses.call.isReady();
        }

        @Override
        public void send(ByteString data) {
            requests.onNext(StreamSubscribeRequest.newBuilder().setPublication(Publication.newBuilder().setData(data)).build());
        }

        @Override
        public void cancel() {
            responses.call.cancel("benchmark over", null);
        }
    }

    private static final class Responses<Q> implements ClientResponseObserver<Q, StreamSubscribeResponse> {
        private final StreamSink sink;
        private final boolean sendsFromTimer;
        private volatile ClientCallStreamObserver<Q> call;
        private boolean answered;

        Responses(StreamSink sink, boolean sendsFromTimer) {
            this.sink = sink;
            this.sendsFromTimer = sendsFromTimer;
        }

        @Override
        public void beforeStart(ClientCallStreamObserver<Q> requestStream) {
            call = requestStream;
            if (sendsFromTimer) {
                // Publications go out from a timer thread; with everything requested up front the
                // transport thread never calls into the call at the same time.
                requestStream.disableAutoRequestWithInitial(Integer.MAX_VALUE);
            }
        }

        @Override
        public void onNext(StreamSubscribeResponse response) {
            if (!answered) {
                answered = true;
                if (!response.hasSubscribeResponse()) {
                    sink.refused("first message without subscribe_response");
                } else if (response.getSubscribeResponse().hasError()) {
                    sink.refused(response.getSubscribeResponse().getError().getCode() + " "
                            + response.getSubscribeResponse().getError().getMessage());
                } else {
                    sink.accepted();
                }
            } else if (response.hasPublication()) {
                sink.publication(response.getPublication().getData());
            }
        }

        @Override
        public void onError(Throwable t) {
            sink.failed(t);
        }

        @Override
        public void onCompleted() {
            sink.ended();
        }
    }
}
