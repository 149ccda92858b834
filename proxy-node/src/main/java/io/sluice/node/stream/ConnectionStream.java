package io.sluice.node.stream;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.sluice.node.config.NodeConfig.ConnectStreamConfig;
import io.sluice.node.config.StreamBackendConfig;
import io.sluice.node.metrics.StreamMetrics;
import io.sluice.node.protocol.ClientError;
import io.sluice.node.protocol.DisconnectCode;
import io.sluice.proto.proxystream.ConnectRequest;
import io.sluice.proto.proxystream.ConnectResponse;
import io.sluice.proto.proxystream.ConnectResult;
import io.sluice.proto.proxystream.Message;
import io.sluice.proto.proxystream.Request;
import io.sluice.proto.proxystream.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * A connection authenticated and fed by a gRPC stream (the seed contract's connection streams): the
 * first message decides the connect reply, later messages become {@code message} pushes, and the
 * client's {@code send} goes to a bidirectional stream.
 */
public final class ConnectionStream implements ProxiedCall.Handler<Response> {

    private static final Logger log = LoggerFactory.getLogger(ConnectionStream.class);
    private static final String KIND = "connection";

    private final StreamEvents<ConnectResult> events;
    private final StreamMetrics metrics;
    private final StreamMetrics.Labels labels;
    private final ProxiedCall<ConnectRequest, Response> unidirectional;
    private final ProxiedCall<Request, Response> bidirectional;

    private ConnectionStream(StreamBackends backends, StreamClient client, ConnectStreamConfig config,
                             StreamEvents<ConnectResult> events) {
        BackendPool pool = backends.pool(config.backend());
        this.events = events;
        this.metrics = backends.metrics();
        this.labels = new StreamMetrics.Labels(KIND, "", pool.config().name());
        if (config.bidirectional()) {
            unidirectional = null;
            bidirectional = new ProxiedCall<>(client.socket(), pool, StreamMethods.CONNECT_BIDI, metrics, labels, this);
        } else {
            unidirectional = new ProxiedCall<>(client.socket(), pool, StreamMethods.CONNECT_UNI, metrics, labels, this);
            bidirectional = null;
        }
    }

    /**
     * Opens the stream for a connect command without a token; the outcome arrives through {@code events}.
     *
     * @param connect the client's connect command: its data, name and version go to the backend
     */
    public static ConnectionStream open(StreamBackends backends, StreamClient client, ConnectStreamConfig config,
                                        io.sluice.proto.client.ConnectRequest connect, StreamEvents<ConnectResult> events) {
        ConnectionStream stream = new ConnectionStream(backends, client, config, events);
        StreamBackendConfig backend = backends.pool(config.backend()).config();
        ConnectRequest request = ConnectRequest.newBuilder()
                .setClient(client.clientId())
                .setTransport(StreamClient.TRANSPORT)
                .setProtocol(client.protocol())
                .setData(connect.getData())
                .setName(connect.getName())
                .setVersion(connect.getVersion())
                .build();
        var headers = StreamBackends.metadata(backend, client);
        if (stream.bidirectional != null) {
            stream.bidirectional.start(headers, Request.newBuilder().setConnectRequest(request).build());
        } else {
            stream.unidirectional.start(headers, request);
        }
        return stream;
    }

    public boolean isBidirectional() {
        return bidirectional != null;
    }

    /** The client's {@code send}; false when the backend wants no more for now. */
    public boolean send(ByteString data) {
        return bidirectional.send(Request.newBuilder().setMessage(Message.newBuilder().setData(data)).build());
    }

    /** The client left. */
    public void cancel() {
        call().cancelByClient();
    }

    public void resume() {
        call().resume();
    }

    private ProxiedCall<?, Response> call() {
        return bidirectional != null ? bidirectional : unidirectional;
    }

    @Override
    public void onFirst(Response message) {
        if (!message.hasConnectResponse()) {
            log.warn("connection stream on backend {}: first message carries no connect_response", labels.backend());
            refuse(ClientError.INTERNAL);
            return;
        }
        ConnectResponse response = message.getConnectResponse();
        if (response.hasDisconnect()) {
            call().cancel("backend disconnected the client");
            metrics.openOutcome(labels, response.getDisconnect().getCode());
            events.disconnect(new DisconnectCode(response.getDisconnect().getCode(), response.getDisconnect().getReason()));
        } else if (response.hasError()) {
            refuse(new ClientError(response.getError().getCode(), response.getError().getMessage(),
                    response.getError().getTemporary()));
        } else {
            metrics.openOutcome(labels, 0);
            events.accepted(response.getResult());
        }
    }

    private void refuse(ClientError error) {
        call().cancel("connect refused");
        metrics.openOutcome(labels, error.code());
        events.rejected(error);
    }

    @Override
    public void onNext(Response message) {
        if (message.hasMessage()) {
            events.data(message.getMessage().getData(), Map.of());
        }
    }

    @Override
    public void onOpenFailed(String why) {
        log.warn("connection stream on backend {} not opened: {}", labels.backend(), why);
        metrics.openOutcome(labels, ClientError.INTERNAL.code());
        events.rejected(ClientError.INTERNAL);
    }

    @Override
    public void onEnded(boolean clean, Status status) {
        DisconnectCode code = clean ? DisconnectCode.FORCE_DISCONNECT : DisconnectCode.INSUFFICIENT_STATE;
        if (!clean) {
            log.info("connection stream on backend {} failed: {}", labels.backend(), ProxiedCall.describe(status));
        }
        metrics.endOutcome(labels, String.valueOf(code.code()));
        events.ended(clean);
    }

    @Override
    public void onBackendReady() {
        events.backendReady();
    }
}
