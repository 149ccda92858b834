package io.sluice.node.stream;

import com.google.protobuf.ByteString;
import io.sluice.node.config.NodeConfig;
import io.sluice.node.config.NodeConfig.ConnectStreamConfig;
import io.sluice.node.metrics.StreamMetrics;
import io.sluice.node.protocol.ClientError;
import io.sluice.node.protocol.DisconnectCode;
import io.sluice.proto.StreamMethods;
import io.sluice.proto.StreamMethods.Direction;
import io.sluice.proto.proxystream.ConnectRequest;
import io.sluice.proto.proxystream.ConnectResponse;
import io.sluice.proto.proxystream.ConnectResult;
import io.sluice.proto.proxystream.Message;
import io.sluice.proto.proxystream.Request;
import io.sluice.proto.proxystream.Response;

import java.util.Map;

/**
 * A connection authenticated and fed by a gRPC stream (the seed contract's connection streams): the
 * first message decides the connect reply, later messages become {@code message} pushes, and the
 * client's {@code send} goes to a bidirectional stream.
 */
public final class ConnectionStream extends ProxiedStream<Response, ConnectResult> {

    private ConnectionStream(BackendPool pool, StreamClient client, Direction direction, StreamMetrics metrics,
                             StreamEvents<ConnectResult> events) {
        super(events, metrics, new StreamMetrics.Labels("connection", "", pool.config().name()), direction, pool,
                client, StreamMethods.connect(direction));
    }

    /**
     * Opens the stream for a connect command without a token, on the connect backend of the caller's config
     * snapshot; the outcome arrives through {@code events}.
     *
     * @param connect the client's connect command: its data, name and version go to the backend
     * @throws IllegalStateException when the backend's pool is closed, or redefined by a reload since that snapshot
     */
    public static ConnectionStream open(StreamBackends backends, NodeConfig snapshot, StreamClient client,
                                        io.sluice.proto.client.ConnectRequest connect, StreamEvents<ConnectResult> events) {
        ConnectStreamConfig config = snapshot.connectStream();
        BackendPool pool = backends.pool(snapshot.streamBackends().get(config.backend()));
        ConnectionStream stream = new ConnectionStream(pool, client, Direction.of(config.bidirectional()),
                backends.metrics(), events);
        ConnectRequest request = ConnectRequest.newBuilder()
                .setClient(client.clientId())
                .setTransport(client.transport())
                .setProtocol(client.protocol())
                .setData(connect.getData())
                .setName(connect.getName())
                .setVersion(connect.getVersion())
                .build();
        var headers = StreamBackends.metadata(pool.config(), client);
        stream.call().start(headers, stream.isBidirectional()
                ? Request.newBuilder().setConnectRequest(request).build() : request);
        return stream;
    }

    /** The client's {@code send}; held while the backend is not ready ({@link #isHolding}). */
    public void send(ByteString data) {
        sendOnBidirectional(Request.newBuilder().setMessage(Message.newBuilder().setData(data)).build());
    }

    @Override
    int endCode(boolean clean) {
        return (clean ? DisconnectCode.FORCE_DISCONNECT : DisconnectCode.INSUFFICIENT_STATE).code();
    }

    @Override
    public void onFirst(Response message) {
        if (!message.hasConnectResponse()) {
            refuse(ClientError.INTERNAL, "first message carries no connect_response");
            return;
        }
        ConnectResponse response = message.getConnectResponse();
        if (response.hasDisconnect()) {
            disconnectClient(response.getDisconnect().getCode(), response.getDisconnect().getReason());
        } else if (response.hasError()) {
            refuse(new ClientError(response.getError().getCode(), response.getError().getMessage(),
                    response.getError().getTemporary()), null);
        } else {
            accept(response.getResult());
        }
    }

    @Override
    public void onNext(Response message) {
        if (message.hasMessage()) {
            events.data(message.getMessage().getData(), Map.of());
        }
    }
}
