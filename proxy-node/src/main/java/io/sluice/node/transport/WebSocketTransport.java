package io.sluice.node.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.sluice.node.client.ClientTransport;
import io.sluice.node.metrics.NodeMetrics;
import io.sluice.node.protocol.DisconnectCode;

import java.util.concurrent.TimeUnit;

/** The bidirectional WebSocket: one frame per batch of replies, the disconnect in the close frame. */
public final class WebSocketTransport implements ClientTransport {

    static final String NAME = "websocket";

    /** How long a closing connection waits for the peer's close frame before dropping TCP. */
    private static final long CLOSE_GRACE_MILLIS = 1000;

    private final Channel channel;
    private final boolean binary;
    private final NodeMetrics.TransportMeters meters;

    public WebSocketTransport(Channel channel, boolean binary, NodeMetrics metrics) {
        this.channel = channel;
        this.binary = binary;
        this.meters = metrics.transport(name());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String session() {
        return null;
    }

    @Override
    public Channel channel() {
        return channel;
    }

    @Override
    public void send(ByteBuf replies) {
        meters.bytes().increment(replies.readableBytes());
        channel.writeAndFlush(binary ? new BinaryWebSocketFrame(replies) : new TextWebSocketFrame(replies),
                channel.voidPromise());
    }

    @Override
    public void setReading(boolean reading) {
        channel.config().setAutoRead(reading);
    }

    @Override
    public void close(DisconnectCode code) {
        channel.writeAndFlush(new CloseWebSocketFrame(code.code(), code.reason())).addListener(f ->
                channel.eventLoop().schedule(() -> channel.close(), CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS));
    }
}
