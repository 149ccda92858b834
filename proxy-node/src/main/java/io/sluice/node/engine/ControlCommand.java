package io.sluice.node.engine;

import java.util.List;

/**
 * Server-API actions aimed at users or connections that may live on any node. Each node applies
 * the command to its own matching connections. An empty {@code client} matches every connection
 * of the user.
 */
public sealed interface ControlCommand {

    String user();

    String client();

    record Subscribe(String user, String channel, String client, byte[] info, byte[] data) implements ControlCommand {
    }

    record Unsubscribe(String user, String channel, String client) implements ControlCommand {
    }

    record Disconnect(String user, int code, String reason, String client, List<String> whitelist)
            implements ControlCommand {
    }

    /** Sets a new expiry (unix seconds, 0 = never) or expires the connections at once. */
    record Refresh(String user, String client, boolean expired, long expireAt) implements ControlCommand {
    }
}
