package io.sluice.node.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.sluice.node.metrics.NodeMetrics;
import io.sluice.node.protocol.ClientCodec;

/**
 * HTTP-streaming: the batch as the codec encodes it, and for JSON a newline after the last reply
 * too, since the SDK only takes a line once its newline has arrived. Protobuf replies are
 * varint-delimited and need nothing more.
 */
final class HttpStreamTransport extends StreamingResponseTransport {

    private static final byte[] NEWLINE = {'\n'};

    private final boolean lines;

    HttpStreamTransport(Channel channel, ClientCodec codec, String session, NodeMetrics metrics) {
        super(channel, codec, session, metrics);
        this.lines = !codec.binaryFrames();
    }

    @Override
    public String name() {
        return "http_stream";
    }

    @Override
    ByteBuf frame(ByteBuf replies) {
        return lines ? Unpooled.wrappedBuffer(replies, Unpooled.wrappedBuffer(NEWLINE)) : replies;
    }
}
