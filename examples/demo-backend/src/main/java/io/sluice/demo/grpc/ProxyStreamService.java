package io.sluice.demo.grpc;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import io.sluice.demo.streams.Streams;
import io.sluice.demo.streams.SubscribeStart;
import io.sluice.proto.proxystream.CentrifugoProxyStreamGrpc;
import io.sluice.proto.proxystream.ChannelRequest;
import io.sluice.proto.proxystream.ChannelResponse;
import io.sluice.proto.proxystream.ConnectRequest;
import io.sluice.proto.proxystream.Error;
import io.sluice.proto.proxystream.Publication;
import io.sluice.proto.proxystream.Request;
import io.sluice.proto.proxystream.Response;
import io.sluice.proto.proxystream.SubscribeRequest;
import io.sluice.proto.proxystream.SubscribeResponse;
import io.sluice.proto.proxystream.SubscribeResult;

/**
 * The seed contract, {@code centrifugal.centrifugo.proxystream.CentrifugoProxyStream}: subscription
 * streams (handed to {@link Streams}) and connection streams (handed to {@link ConnectionStreams}).
 */
final class ProxyStreamService extends CentrifugoProxyStreamGrpc.CentrifugoProxyStreamImplBase {

    static final String CONTRACT = "CentrifugoProxyStream";

    private static final SubscriptionMessages<ChannelResponse> MESSAGES = new SubscriptionMessages<>() {
        @Override
        public ChannelResponse accepted(ByteString data) {
            return ChannelResponse.newBuilder().setSubscribeResponse(SubscribeResponse.newBuilder()
                    .setResult(SubscribeResult.newBuilder().setData(data))).build();
        }

        @Override
        public ChannelResponse rejected(int code, String message) {
            return ChannelResponse.newBuilder().setSubscribeResponse(SubscribeResponse.newBuilder()
                    .setError(Error.newBuilder().setCode(code).setMessage(message))).build();
        }

        @Override
        public ChannelResponse publication(ByteString data) {
            return ChannelResponse.newBuilder().setPublication(Publication.newBuilder().setData(data)).build();
        }
    };

    private final Streams streams;
    private final ConnectionStreams connections;

    ProxyStreamService(Streams streams, ConnectionStreams connections) {
        this.streams = streams;
        this.connections = connections;
    }

    @Override
    public void subscribeUnidirectional(SubscribeRequest request, StreamObserver<ChannelResponse> responses) {
        streams.unidirectional(start(request), new GrpcSubscriptionCall<>(responses, MESSAGES, false));
    }

    @Override
    public StreamObserver<ChannelRequest> subscribeBidirectional(StreamObserver<ChannelResponse> responses) {
        Streams.Inbound inbound = streams.bidirectional(new GrpcSubscriptionCall<>(responses, MESSAGES, true));
        return new StreamObserver<>() {
            @Override
            public void onNext(ChannelRequest request) {
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

    @Override
    public void connectUnidirectional(ConnectRequest request, StreamObserver<Response> responses) {
        connections.unidirectional(request, responses);
    }

    @Override
    public StreamObserver<Request> connectBidirectional(StreamObserver<Response> responses) {
        return connections.bidirectional(responses);
    }

    private static SubscribeStart start(SubscribeRequest r) {
        return new SubscribeStart(CONTRACT, r.getClient(), r.getUser(), r.getChannel(), r.getData().toByteArray());
    }
}
