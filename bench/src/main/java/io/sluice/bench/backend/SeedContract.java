package io.sluice.bench.backend;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import io.sluice.proto.proxystream.CentrifugoProxyStreamGrpc;
import io.sluice.proto.proxystream.ChannelRequest;
import io.sluice.proto.proxystream.ChannelResponse;
import io.sluice.proto.proxystream.Publication;
import io.sluice.proto.proxystream.SubscribeRequest;
import io.sluice.proto.proxystream.SubscribeResponse;
import io.sluice.proto.proxystream.SubscribeResult;

/** The seed contract's subscription streams ({@code CentrifugoProxyStream}). */
final class SeedContract extends CentrifugoProxyStreamGrpc.CentrifugoProxyStreamImplBase {

    private static final ChannelResponse ACCEPTED = ChannelResponse.newBuilder()
            .setSubscribeResponse(SubscribeResponse.newBuilder().setResult(SubscribeResult.getDefaultInstance())).build();

    private static final ContractMessages<ChannelResponse> MESSAGES = new ContractMessages<>() {
        @Override
        public ChannelResponse accepted() {
            return ACCEPTED;
        }

        @Override
        public ChannelResponse publication(ByteString data) {
            return ChannelResponse.newBuilder().setPublication(Publication.newBuilder().setData(data)).build();
        }
    };

    private final Pacer pacer;
    private final FloodGate gate;

    SeedContract(Pacer pacer, FloodGate gate) {
        this.pacer = pacer;
        this.gate = gate;
    }

    @Override
    public void subscribeUnidirectional(SubscribeRequest request, StreamObserver<ChannelResponse> responses) {
        new BackendStream<>(responses, MESSAGES, pacer, gate).start(request.getData());
    }

    @Override
    public StreamObserver<ChannelRequest> subscribeBidirectional(StreamObserver<ChannelResponse> responses) {
        BackendStream<ChannelResponse> stream = new BackendStream<>(responses, MESSAGES, pacer, gate);
        return new StreamObserver<>() {
            @Override
            public void onNext(ChannelRequest request) {
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
