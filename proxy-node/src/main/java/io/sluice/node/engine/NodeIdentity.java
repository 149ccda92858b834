package io.sluice.node.engine;

import java.util.UUID;

/** Who this node is, for {@code /api/info} and the connect reply's {@code version}. */
public record NodeIdentity(String uid, String name, String version, long startedAtMillis) {

    public static final String VERSION = "0.1.0";

    public static NodeIdentity create(String name) {
        return new NodeIdentity(UUID.randomUUID().toString(), name, VERSION, System.currentTimeMillis());
    }
}
