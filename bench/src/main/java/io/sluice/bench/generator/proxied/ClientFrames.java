package io.sluice.bench.generator.proxied;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import io.sluice.proto.client.Command;
import io.sluice.proto.client.Reply;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** The Protobuf client protocol's framing: varint-length-prefixed Commands out, Replies in. */
final class ClientFrames {

    /** The largest varint32 takes five bytes. */
    private static final int MAX_VARINT_BYTES = 5;

    private ClientFrames() {
    }

    /** The commands, each prefixed by its length: a WebSocket frame's payload, a request body, emulation data. */
    static ByteBuf delimited(ByteBufAllocator alloc, List<Command> commands) {
        int size = 0;
        for (Command command : commands) {
            int length = command.getSerializedSize();
            size += CodedOutputStream.computeUInt32SizeNoTag(length) + length;
        }
        ByteBuf buf = alloc.buffer(size);
        try (ByteBufOutputStream out = new ByteBufOutputStream(buf)) {
            for (Command command : commands) {
                command.writeDelimitedTo(out);
            }
        } catch (IOException e) {
            buf.release();
            throw new UncheckedIOException(e);
        }
        return buf;
    }

    /**
     * Parses every complete length-prefixed Reply in {@code in} into {@code out}, leaving an incomplete
     * last one unread (the rest of it is in a later chunk of a streamed body).
     */
    static void readReplies(ByteBuf in, List<Reply> out) throws IOException {
        while (in.isReadable()) {
            int start = in.readerIndex();
            int length = readVarint(in);
            if (length == -1 || in.readableBytes() < length) {
                in.readerIndex(start);
                return;
            }
            out.add(Reply.parseFrom(in.nioBuffer(in.readerIndex(), length)));
            in.skipBytes(length);
        }
    }

    /** A varint32 length, or -1 when its last byte has not arrived. */
    private static int readVarint(ByteBuf in) throws IOException {
        int value = 0;
        for (int shift = 0; shift < 7 * MAX_VARINT_BYTES; shift += 7) {
            if (!in.isReadable()) {
                return -1;
            }
            byte b = in.readByte();
            value |= (b & 0x7f) << shift;
            if (b >= 0) {
                if (value < 0) {
                    throw new IOException("length prefix out of range");
                }
                return value;
            }
        }
        throw new IOException("malformed length prefix");
    }

    /** The stream index at the end of a benchmark channel name ({@code ns:connection.stream}). */
    static int streamIndex(ByteString channel) {
        int value = 0;
        int multiplier = 1;
        for (int i = channel.size() - 1; i >= 0; i--) {
            byte b = channel.byteAt(i);
            if (b == '.') {
                return value;
            }
            value += (b - '0') * multiplier;
            multiplier *= 10;
        }
        return -1;
    }
}
