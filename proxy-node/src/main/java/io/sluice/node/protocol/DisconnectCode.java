package io.sluice.node.protocol;

/**
 * Disconnect advice, sent as the WebSocket close code and reason. 3000-3499 and 4000-4499 make
 * the SDKs reconnect; 3500-3999 and 4500-4999 are terminal.
 */
public record DisconnectCode(int code, String reason) {

    public static final DisconnectCode CONNECTION_CLOSED = new DisconnectCode(3000, "connection closed");
    public static final DisconnectCode SHUTDOWN = new DisconnectCode(3001, "shutdown");
    public static final DisconnectCode INTERNAL = new DisconnectCode(3004, "internal server error");
    public static final DisconnectCode EXPIRED = new DisconnectCode(3005, "connection expired");
    public static final DisconnectCode SUBSCRIPTION_EXPIRED = new DisconnectCode(3006, "subscription expired");
    public static final DisconnectCode SLOW = new DisconnectCode(3008, "slow");
    public static final DisconnectCode WRITE_ERROR = new DisconnectCode(3009, "write error");
    public static final DisconnectCode INSUFFICIENT_STATE = new DisconnectCode(3010, "insufficient state");
    public static final DisconnectCode FORCE_RECONNECT = new DisconnectCode(3011, "force reconnect");
    public static final DisconnectCode NO_PONG = new DisconnectCode(3012, "no pong");
    public static final DisconnectCode INVALID_TOKEN = new DisconnectCode(3500, "invalid token");
    public static final DisconnectCode BAD_REQUEST = new DisconnectCode(3501, "bad request");
    public static final DisconnectCode STALE = new DisconnectCode(3502, "stale");
    public static final DisconnectCode FORCE_DISCONNECT = new DisconnectCode(3503, "force disconnect");
    public static final DisconnectCode CONNECTION_LIMIT = new DisconnectCode(3504, "connection limit");
    public static final DisconnectCode CHANNEL_LIMIT = new DisconnectCode(3505, "channel limit");
    public static final DisconnectCode INAPPROPRIATE_PROTOCOL = new DisconnectCode(3506, "inappropriate protocol");
    public static final DisconnectCode PERMISSION_DENIED = new DisconnectCode(3507, "permission denied");

    public boolean reconnect() {
        return code < 3500 || code >= 5000 || (code >= 4000 && code < 4500);
    }
}
