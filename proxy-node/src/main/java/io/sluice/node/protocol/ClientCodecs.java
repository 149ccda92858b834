package io.sluice.node.protocol;

/** The two shared, stateless codec instances. */
public final class ClientCodecs {
    public static final ClientCodec JSON = new JsonClientCodec();
    public static final ClientCodec PROTOBUF = new ProtobufClientCodec();

    private ClientCodecs() {
    }

    /** The codec called {@code name} ({@code "json"} or {@code "protobuf"}). */
    public static ClientCodec forName(String name) {
        if (JSON.name().equals(name)) {
            return JSON;
        }
        if (PROTOBUF.name().equals(name)) {
            return PROTOBUF;
        }
        throw new IllegalArgumentException("unknown client protocol format: " + name);
    }
}
