package io.sluice.bench.generator.proxied;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.sluice.proto.client.Command;
import io.sluice.proto.client.Reply;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The Protobuf client protocol's framing: varint-length-prefixed Commands out, Replies in. */
final class ClientFrames {

    private ClientFrames() {
    }

    static BinaryWebSocketFrame frame(ByteBufAllocator alloc, List<Command> commands) {
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
        return new BinaryWebSocketFrame(buf);
    }

    /** The answer to a server ping: an empty Command, that is a single zero length byte. */
    static BinaryWebSocketFrame pong(ByteBufAllocator alloc) {
        return new BinaryWebSocketFrame(alloc.buffer(1).writeByte(0));
    }

    static List<Reply> replies(ByteBuf content) throws IOException {
        CodedInputStream in = content.nioBufferCount() == 1
                ? CodedInputStream.newInstance(content.nioBuffer())
                : CodedInputStream.newInstance(ByteBufUtil.getBytes(content));
        List<Reply> replies = new ArrayList<>(1);
        while (!in.isAtEnd()) {
            int length = in.readRawVarint32();
            int limit = in.pushLimit(length);
            replies.add(Reply.parseFrom(in));
            in.popLimit(limit);
        }
        return replies;
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
