package io.sluice.bench.generator.proxied;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.sluice.proto.client.Reply;

import java.io.IOException;
import java.util.List;

/**
 * The replies in a fallback's streamed response body, whose chunks may end anywhere: what a chunk
 * leaves of an unfinished reply waits for the next one.
 */
abstract class ResponseBody {

    private static final byte[] DATA = {'d', 'a', 't', 'a', ':'};

    private ByteBuf pending;

    /** HTTP-streaming, Protobuf: varint-length-prefixed Replies. */
    static ResponseBody delimited() {
        return new ResponseBody() {
            @Override
            void decode(ByteBuf in, List<Reply> out) throws IOException {
                ClientFrames.readReplies(in, out);
            }
        };
    }

    /** SSE: one JSON Reply per {@code data:} line; blank lines end events, other lines are ignored. */
    static ResponseBody eventStream() {
        return new ResponseBody() {
            @Override
            void decode(ByteBuf in, List<Reply> out) throws IOException {
                int newline;
                while ((newline = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n')) >= 0) {
                    int start = in.readerIndex();
                    int end = newline > start && in.getByte(newline - 1) == '\r' ? newline - 1 : newline;
                    in.readerIndex(newline + 1);
                    if (end - start > DATA.length && startsWithData(in, start)) {
                        int value = start + DATA.length + (in.getByte(start + DATA.length) == ' ' ? 1 : 0);
                        out.add(JsonWire.reply(ByteBufUtil.getBytes(in, value, end - value)));
                    }
                }
            }

            private boolean startsWithData(ByteBuf in, int at) {
                for (int i = 0; i < DATA.length; i++) {
                    if (in.getByte(at + i) != DATA[i]) {
                        return false;
                    }
                }
                return true;
            }
        };
    }

    /** Parses the complete replies at the start of {@code in}, leaving the rest unread. */
    abstract void decode(ByteBuf in, List<Reply> out) throws IOException;

    /** Adds the replies {@code chunk} completes to {@code out}; the caller keeps and releases {@code chunk}. */
    final void read(ByteBuf chunk, List<Reply> out) throws IOException {
        ByteBuf in = pending == null ? chunk : pending.writeBytes(chunk);
        decode(in, out);
        if (in == pending && !pending.isReadable()) {
            release();
        } else if (in == chunk && chunk.isReadable()) {
            pending = chunk.alloc().buffer(chunk.readableBytes() * 2).writeBytes(chunk);
        } else if (pending != null) {
            pending.discardReadBytes();
        }
    }

    final void release() {
        if (pending != null) {
            pending.release();
            pending = null;
        }
    }
}
