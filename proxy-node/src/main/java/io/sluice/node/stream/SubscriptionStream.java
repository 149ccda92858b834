package io.sluice.node.stream;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.sluice.node.config.ChannelOptions;
import io.sluice.node.config.StreamBackendConfig;
import io.sluice.node.metrics.StreamMetrics;
import io.sluice.node.protocol.ClientError;
import io.sluice.node.protocol.DisconnectCode;
import io.sluice.node.protocol.UnsubscribeCode;
import io.sluice.proto.proxy.Publication;
import io.sluice.proto.proxy.StreamSubscribeRequest;
import io.sluice.proto.proxy.StreamSubscribeResponse;
import io.sluice.proto.proxy.SubscribeRequest;
import io.sluice.proto.proxy.SubscribeResponse;
import io.sluice.proto.proxy.SubscribeResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Base64;

/**
 * A client's subscription served by a gRPC stream (DESIGN §3): SubscribeRequest out, the first
 * message decides the subscribe reply, later publications go to this client only.
 */
public final class SubscriptionStream implements ProxiedCall.Handler<StreamSubscribeResponse> {

    private static final Logger log = LoggerFactory.getLogger(SubscriptionStream.class);
    private static final String KIND = "subscription";

    private final String channel;
    private final StreamEvents<SubscribeResult> events;
    private final StreamMetrics metrics;
    private final StreamMetrics.Labels labels;
    private final ProxiedCall<SubscribeRequest, StreamSubscribeResponse> unidirectional;
    private final ProxiedCall<StreamSubscribeRequest, StreamSubscribeResponse> bidirectional;

    private SubscriptionStream(StreamBackends backends, StreamClient client, ChannelOptions namespace, String channel,
                               StreamEvents<SubscribeResult> events) {
        BackendPool pool = backends.pool(namespace.streamBackend());
        StreamBackendConfig backend = pool.config();
        this.channel = channel;
        this.events = events;
        this.metrics = backends.metrics();
        this.labels = new StreamMetrics.Labels(KIND, namespace.name(), backend.name());
        if (namespace.streamBidirectional()) {
            unidirectional = null;
            bidirectional = new ProxiedCall<>(client.socket(), pool,
                    StreamMethods.subscribeBidirectional(backend.contract()), metrics, labels, this);
        } else {
            unidirectional = new ProxiedCall<>(client.socket(), pool,
                    StreamMethods.subscribeUnidirectional(backend.contract()), metrics, labels, this);
            bidirectional = null;
        }
    }

    /** Opens the stream; the outcome arrives through {@code events}. */
    public static SubscriptionStream open(StreamBackends backends, StreamClient client, ChannelOptions namespace,
                                          String channel, ByteString data, StreamEvents<SubscribeResult> events) {
        SubscriptionStream stream = new SubscriptionStream(backends, client, namespace, channel, events);
        StreamBackendConfig backend = backends.pool(namespace.streamBackend()).config();
        SubscribeRequest.Builder request = SubscribeRequest.newBuilder()
                .setClient(client.clientId())
                .setTransport(StreamClient.TRANSPORT)
                .setProtocol(client.protocol())
                .setEncoding("json")
                .setUser(client.user())
                .setChannel(channel)
                .setData(data);
        if (backend.includeConnectionMeta() && client.meta() != null) {
            request.setMeta(ByteString.copyFrom(client.meta()));
        }
        var headers = StreamBackends.metadata(backend, client);
        if (stream.bidirectional != null) {
            stream.bidirectional.start(headers, StreamSubscribeRequest.newBuilder().setSubscribeRequest(request).build());
        } else {
            stream.unidirectional.start(headers, request.build());
        }
        return stream;
    }

    public String channel() {
        return channel;
    }

    public boolean isBidirectional() {
        return bidirectional != null;
    }

    /** A client publication into a bidirectional stream; false when the backend wants no more for now. */
    public boolean publish(ByteString data) {
        return bidirectional.send(StreamSubscribeRequest.newBuilder()
                .setPublication(Publication.newBuilder().setData(data)).build());
    }

    /** The client unsubscribed or left. */
    public void cancel() {
        call().cancelByClient();
    }

    /** The client's socket is writable again. */
    public void resume() {
        call().resume();
    }

    private ProxiedCall<?, StreamSubscribeResponse> call() {
        return bidirectional != null ? bidirectional : unidirectional;
    }

    @Override
    public void onFirst(StreamSubscribeResponse message) {
        if (!message.hasSubscribeResponse()) {
            refuse(ClientError.INTERNAL, "first message carries no subscribe_response");
            return;
        }
        SubscribeResponse response = message.getSubscribeResponse();
        if (response.hasDisconnect()) {
            call().cancel("backend disconnected the client");
            metrics.openOutcome(labels, response.getDisconnect().getCode());
            events.disconnect(new DisconnectCode(response.getDisconnect().getCode(), response.getDisconnect().getReason()));
        } else if (response.hasError()) {
            // As Centrifugo's stream path does, the backend's error is passed on as not temporary.
            refuse(new ClientError(response.getError().getCode(), response.getError().getMessage(), false), null);
        } else {
            SubscribeResult result;
            try {
                result = decodeBase64(response.getResult());
            } catch (IllegalArgumentException e) {
                refuse(ClientError.INTERNAL, "bad base64 in subscribe result");
                return;
            }
            metrics.openOutcome(labels, 0);
            events.accepted(result);
        }
    }

    private void refuse(ClientError error, String why) {
        if (why != null) {
            log.warn("stream {} on backend {}: {}", channel, labels.backend(), why);
        }
        call().cancel(why != null ? why : "subscribe refused by the backend");
        metrics.openOutcome(labels, error.code());
        events.rejected(error);
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

    @Override
    public void onOpenFailed(String why) {
        log.warn("stream {} on backend {} not opened: {}", channel, labels.backend(), why);
        metrics.openOutcome(labels, ClientError.INTERNAL.code());
        events.rejected(ClientError.INTERNAL);
    }

    @Override
    public void onEnded(boolean clean, Status status) {
        UnsubscribeCode code = clean ? UnsubscribeCode.SERVER : UnsubscribeCode.INSUFFICIENT_STATE;
        if (!clean) {
            log.info("stream {} on backend {} failed: {}", channel, labels.backend(), ProxiedCall.describe(status));
        }
        metrics.endOutcome(labels, String.valueOf(code.code()));
        events.ended(clean);
    }

    @Override
    public void onBackendReady() {
        events.backendReady();
    }
}
