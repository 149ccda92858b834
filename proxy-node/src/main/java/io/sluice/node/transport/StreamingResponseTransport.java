package io.sluice.node.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import io.sluice.node.client.ClientTransport;
import io.sluice.node.metrics.NodeMetrics;
import io.sluice.node.protocol.ClientCodec;
import io.sluice.node.protocol.DisconnectCode;
import io.sluice.proto.client.Disconnect;
import io.sluice.proto.client.Push;
import io.sluice.proto.client.Reply;

/**
 * A fallback transport: replies go down one long HTTP response, commands after the connect come
 * through {@code POST /emulation}. A disconnect is a disconnect push, then the end of the response.
 */
abstract class StreamingResponseTransport implements ClientTransport {

    private final Channel channel;
    private final ClientCodec codec;
    private final String session;
    private final NodeMetrics.TransportMeters meters;

    StreamingResponseTransport(Channel channel, ClientCodec codec, String session, NodeMetrics metrics) {
        this.channel = channel;
        this.codec = codec;
        this.session = session;
        this.meters = metrics.transport(name());
    }

    /** The response body bytes that carry {@code replies} (the codec's batch encoding). */
    abstract ByteBuf frame(ByteBuf replies);

    @Override
    public final String session() {
        return session;
    }

    @Override
    public final Channel channel() {
        return channel;
    }

    @Override
    public final void send(ByteBuf replies) {
        ByteBuf body = frame(replies);
        meters.bytes().increment(body.readableBytes());
        channel.writeAndFlush(new DefaultHttpContent(body), channel.voidPromise());
    }

    /** Nothing more comes on this connection after its request: there is nothing to stop reading. */
    @Override
    public final void setReading(boolean reading) {
    }

    @Override
    public final void close(DisconnectCode code) {
        Reply push = Reply.newBuilder().setPush(Push.newBuilder().setDisconnect(
                Disconnect.newBuilder().setCode(code.code()).setReason(code.reason()))).build();
        send(codec.encode(channel.alloc(), push));
        channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
    }
}
