package io.sluice.node.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.sluice.proto.client.Command;
import io.sluice.proto.client.Reply;

import java.util.List;

/**
 * Turns WebSocket frame payloads into client Commands and Replies into frame payloads, for one
 * of the two wire formats of the Centrifuge client protocol v2. Implementations are stateless
 * and thread-safe.
 */
public interface ClientCodec {

    /** {@code "json"} or {@code "protobuf"}: the name backends and the SDKs use. */
    String name();

    /** Protobuf travels in binary frames, JSON in text frames. */
    boolean binaryFrames();

    /** Every command in one frame (JSON: joined by newlines; Protobuf: varint-length-prefixed). */
    List<Command> decode(ByteBuf frame) throws ProtocolException;

    /** One frame payload holding all the replies, in order. */
    ByteBuf encode(ByteBufAllocator alloc, List<Reply> replies);

    default ByteBuf encode(ByteBufAllocator alloc, Reply reply) {
        return encode(alloc, List.of(reply));
    }
}
