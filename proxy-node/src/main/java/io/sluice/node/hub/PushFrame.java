package io.sluice.node.hub;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.sluice.node.protocol.ClientCodec;
import io.sluice.proto.client.Reply;

/**
 * One push (publication, join or leave) on its way to many connections: encoded at most once per
 * wire format, whatever the number of subscribers.
 */
public final class PushFrame {

    public enum Kind { PUBLICATION, JOIN_LEAVE }

    private final Reply reply;
    private final Kind kind;
    private volatile byte[] json;
    private volatile byte[] protobuf;

    public PushFrame(Reply reply, Kind kind) {
        this.reply = reply;
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public Reply reply() {
        return reply;
    }

    /** The frame payload for {@code codec}; a benign race may encode twice, never wrongly. */
    public byte[] bytesFor(ClientCodec codec) {
        if (codec.binaryFrames()) {
            byte[] bytes = protobuf;
            if (bytes == null) {
                protobuf = bytes = encode(codec);
            }
            return bytes;
        }
        byte[] bytes = json;
        if (bytes == null) {
            json = bytes = encode(codec);
        }
        return bytes;
    }

    private byte[] encode(ClientCodec codec) {
        ByteBuf buf = codec.encode(UnpooledByteBufAllocator.DEFAULT, reply);
        try {
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }
}
