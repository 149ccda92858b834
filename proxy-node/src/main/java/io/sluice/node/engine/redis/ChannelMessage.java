package io.sluice.node.engine.redis;

import com.google.protobuf.InvalidProtocolBufferException;
import io.sluice.proto.client.ClientInfo;
import io.sluice.proto.client.Publication;

/**
 * What travels on a channel's Redis PUB/SUB channel: one kind byte ({@code p} publication, {@code j}
 * join, {@code l} leave) followed by the protobuf {@code Publication} or {@code ClientInfo} of the
 * client protocol, so a publication is encoded once per cluster and decoded once per node.
 */
record ChannelMessage(char kind, Publication publication, ClientInfo info) {

    static final char PUBLICATION = 'p';
    static final char JOIN = 'j';
    static final char LEAVE = 'l';

    static byte[] publication(Publication publication) {
        return encode(PUBLICATION, publication.toByteArray());
    }

    static byte[] join(ClientInfo info) {
        return encode(JOIN, info.toByteArray());
    }

    static byte[] leave(ClientInfo info) {
        return encode(LEAVE, info.toByteArray());
    }

    static ChannelMessage decode(byte[] bytes) throws InvalidProtocolBufferException {
        if (bytes.length == 0) {
            throw new InvalidProtocolBufferException("empty channel message");
        }
        char kind = (char) bytes[0];
        return switch (kind) {
            case PUBLICATION -> new ChannelMessage(kind, Publication.parser().parseFrom(bytes, 1, bytes.length - 1), null);
            case JOIN, LEAVE -> new ChannelMessage(kind, null, ClientInfo.parser().parseFrom(bytes, 1, bytes.length - 1));
            default -> throw new InvalidProtocolBufferException("unknown channel message kind " + (int) bytes[0]);
        };
    }

    private static byte[] encode(char kind, byte[] body) {
        byte[] out = new byte[body.length + 1];
        out[0] = (byte) kind;
        System.arraycopy(body, 0, out, 1, body.length);
        return out;
    }
}
