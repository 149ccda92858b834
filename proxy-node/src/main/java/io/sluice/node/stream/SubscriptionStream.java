package io.sluice.node.stream;

import com.google.protobuf.ByteString;
import io.sluice.node.config.ChannelOptions;
import io.sluice.node.config.StreamBackendConfig;
import io.sluice.node.metrics.StreamMetrics;
import io.sluice.node.protocol.ClientError;
import io.sluice.node.protocol.UnsubscribeCode;
import io.sluice.proto.StreamMethods;
import io.sluice.proto.StreamMethods.Direction;
import io.sluice.proto.proxy.Publication;
import io.sluice.proto.proxy.StreamSubscribeRequest;
import io.sluice.proto.proxy.StreamSubscribeResponse;
import io.sluice.proto.proxy.SubscribeRequest;
import io.sluice.proto.proxy.SubscribeResponse;
import io.sluice.proto.proxy.SubscribeResult;

import java.util.Base64;

/**
 * A client's subscription served by a gRPC stream (DESIGN §3): SubscribeRequest out, the first
 * message decides the subscribe reply, later publications go to this client only.
 */
public final class SubscriptionStream extends ProxiedStream<StreamSubscribeResponse, SubscribeResult> {

    private SubscriptionStream(BackendPool pool, StreamClient client, ChannelOptions namespace, Direction direction,
                               StreamMetrics metrics, StreamEvents<SubscribeResult> events) {
        super(events, metrics, new StreamMetrics.Labels("subscription", namespace.name(), pool.config().name()),
                direction, pool, client, StreamMethods.subscribe(
                        pool.config().contract() == StreamBackendConfig.Contract.CENTRIFUGO_PROXY, direction));
    }

    /**
     * Opens the stream on {@code backend} as the caller's config snapshot defines it; the outcome arrives
     * through {@code events}.
     *
     * @throws IllegalStateException when the backend's pool is closed, or redefined by a reload since that snapshot
     */
    public static SubscriptionStream open(StreamBackends backends, StreamBackendConfig backend, StreamClient client,
                                          ChannelOptions namespace, String channel, ByteString data,
                                          StreamEvents<SubscribeResult> events) {
        BackendPool pool = backends.pool(backend);
        SubscriptionStream stream = new SubscriptionStream(pool, client, namespace,
                Direction.of(namespace.streamBidirectional()), backends.metrics(), events);
        SubscribeRequest.Builder request = SubscribeRequest.newBuilder()
                .setClient(client.clientId())
                .setTransport(client.transport())
                .setProtocol(client.protocol())
                .setEncoding("json")
                .setUser(client.user())
                .setChannel(channel)
                .setData(data);
        if (pool.config().includeConnectionMeta() && client.meta() != null) {
            request.setMeta(ByteString.copyFrom(client.meta()));
        }
        var headers = StreamBackends.metadata(pool.config(), client);
        stream.call().start(headers, stream.isBidirectional()
                ? StreamSubscribeRequest.newBuilder().setSubscribeRequest(request).build() : request.build());
        return stream;
    }

    /** A client publication into a bidirectional stream; held while the backend is not ready ({@link #isHolding}). */
    public void publish(ByteString data) {
        sendOnBidirectional(StreamSubscribeRequest.newBuilder()
                .setPublication(Publication.newBuilder().setData(data)).build());
    }

    @Override
    int endCode(boolean clean) {
        return (clean ? UnsubscribeCode.SERVER : UnsubscribeCode.INSUFFICIENT_STATE).code();
    }

    @Override
    public void onFirst(StreamSubscribeResponse message) {
        if (!message.hasSubscribeResponse()) {
            refuse(ClientError.INTERNAL, "first message carries no subscribe_response");
            return;
        }
        SubscribeResponse response = message.getSubscribeResponse();
        if (response.hasDisconnect()) {
            disconnectClient(response.getDisconnect().getCode(), response.getDisconnect().getReason());
        } else if (response.hasError()) {
            // As Centrifugo's stream path does, the backend's error is passed on as not temporary.
            refuse(new ClientError(response.getError().getCode(), response.getError().getMessage(), false), null);
        } else {
            try {
                accept(decodeBase64(response.getResult()));
            } catch (IllegalArgumentException e) {
                refuse(ClientError.INTERNAL, "bad base64 in subscribe result");
            }
        }
    }

    /** b64data / b64info take precedence over data / info, as in Centrifugo. */
    static SubscribeResult decodeBase64(SubscribeResult result) {
        SubscribeResult.Builder decoded = result.toBuilder().clearB64Data().clearB64Info();
        if (!result.getB64Data().isEmpty()) {
            decoded.setData(ByteString.copyFrom(Base64.getDecoder().decode(result.getB64Data())));
        }
        if (!result.getB64Info().isEmpty()) {
            decoded.setInfo(ByteString.copyFrom(Base64.getDecoder().decode(result.getB64Info())));
        }
        return decoded.build();
    }

    @Override
    public void onNext(StreamSubscribeResponse message) {
        if (message.hasPublication()) {
            events.data(message.getPublication().getData(), message.getPublication().getTagsMap());
        }
    }
}
