package io.sluice.node.protocol;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.sluice.proto.client.Command;
import io.sluice.proto.client.Reply;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code centrifuge-protobuf} format: binary frames holding varint-length-prefixed messages,
 * even when there is only one. An empty Reply (the server ping) is the single byte 0x00, and a
 * zero-length Command is the client's pong.
 */
public final class ProtobufClientCodec implements ClientCodec {

    ProtobufClientCodec() {
    }

    @Override
    public String name() {
        return "protobuf";
    }

    @Override
    public boolean binaryFrames() {
        return true;
    }

    @Override
    public List<Command> decode(ByteBuf frame) throws ProtocolException {
        int size = frame.readableBytes();
        if (size == 0) {
            throw new ProtocolException("empty frame");
        }
        CodedInputStream in = reader(frame);
        List<Command> commands = new ArrayList<>(1);
        try {
            while (!in.isAtEnd()) {
                int length = in.readRawVarint32();
                // Checked here: the parser would take a frame that ends on a field boundary as complete.
                if (length < 0 || length > size - in.getTotalBytesRead()) {
                    throw new ProtocolException("message length past the end of the frame");
                }
                int limit = in.pushLimit(length);
                commands.add(Command.parser().parseFrom(in));
                in.checkLastTagWas(0); // a stray end-group tag stops the parser early
                in.popLimit(limit);
            }
        } catch (IOException e) {
            throw new ProtocolException("malformed protobuf: " + e.getMessage(), e);
        }
        return commands;
    }

    /** Reads the frame's memory in place; aliasing stays off so no Command refers to the frame. */
    private static CodedInputStream reader(ByteBuf frame) {
        return frame.nioBufferCount() == 1
                ? CodedInputStream.newInstance(frame.nioBuffer())
                : CodedInputStream.newInstance(Arrays.asList(frame.nioBuffers()));
    }

    @Override
    public ByteBuf encode(ByteBufAllocator alloc, List<Reply> replies) {
        int total = 0;
        for (Reply reply : replies) {
            int size = reply.getSerializedSize(); // memoized, so writeTo does not compute it again
            total += CodedOutputStream.computeUInt32SizeNoTag(size) + size;
        }
        ByteBuf buf = alloc.buffer(total, total);
        try {
            CodedOutputStream out = CodedOutputStream.newInstance(buf.nioBuffer(0, total));
            for (Reply reply : replies) {
                out.writeUInt32NoTag(reply.getSerializedSize());
                reply.writeTo(out);
            }
            out.flush();
            out.checkNoSpaceLeft();
        } catch (IOException e) {
            buf.release(); // cannot happen: the buffer was sized from the same messages
            throw new UncheckedIOException("reply outgrew its computed size", e);
        }
        return buf.writerIndex(total);
    }
}
