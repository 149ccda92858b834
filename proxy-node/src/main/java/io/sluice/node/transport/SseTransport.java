package io.sluice.node.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.sluice.node.metrics.NodeMetrics;
import io.sluice.node.protocol.ClientCodec;

/**
 * Server-sent events, JSON only: every reply its own {@code data:} event. The codec joins a batch's
 * replies with newlines (a JSON reply holds none), so each line of the batch becomes one event; two
 * replies under one {@code data:} would reach the SDK as one unreadable message.
 */
final class SseTransport extends StreamingResponseTransport {

    private static final byte[] DATA = {'d', 'a', 't', 'a', ':', ' '};
    private static final byte[] END = {'\n', '\n'};

    SseTransport(Channel channel, ClientCodec codec, String session, NodeMetrics metrics) {
        super(channel, codec, session, metrics);
    }

    @Override
    public String name() {
        return "sse";
    }

    @Override
    ByteBuf frame(ByteBuf replies) {
        ByteBuf out = replies.alloc().buffer(replies.readableBytes() + 16);
        try {
            while (replies.isReadable()) {
                int newline = replies.indexOf(replies.readerIndex(), replies.writerIndex(), (byte) '\n');
                int end = newline < 0 ? replies.writerIndex() : newline;
                out.writeBytes(DATA).writeBytes(replies, replies.readerIndex(), end - replies.readerIndex()).writeBytes(END);
                replies.readerIndex(newline < 0 ? end : end + 1);
            }
        } finally {
            replies.release();
        }
        return out;
    }
}
