package io.sluice.node.protocol;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

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

    /** A close frame's payload is at most 125 bytes, two of them the code. */
    public static final int MAX_REASON_BYTES = 123;

    private static final Logger log = LoggerFactory.getLogger(DisconnectCode.class);

    /**
     * This advice as a WebSocket close frame can carry it. A code outside 3000-4999 (a backend's or a
     * caller's mistake; Netty refuses codes such as 0, 1005 or 2000 outright) becomes 3004, and a reason
     * longer than {@link #MAX_REASON_BYTES} is cut there without splitting a UTF-8 character.
     */
    public DisconnectCode forCloseFrame() {
        if (code < 3000 || code > 4999) {
            log.warn("disconnect code {} (reason \"{}\") is outside 3000-4999: the client gets 3004", code, reason);
            return INTERNAL;
        }
        return fitsCloseFrame(reason) ? this : new DisconnectCode(code, cutToUtf8Bytes(reason, MAX_REASON_BYTES));
    }

    public static boolean fitsCloseFrame(String reason) {
        return reason.getBytes(StandardCharsets.UTF_8).length <= MAX_REASON_BYTES;
    }

    /** The longest prefix of {@code text} whose UTF-8 form has at most {@code maxBytes} bytes. */
    static String cutToUtf8Bytes(String text, int maxBytes) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        if (utf8.length <= maxBytes) {
            return text;
        }
        int end = maxBytes;
        while (end > 0 && (utf8[end] & 0xC0) == 0x80) {
            end--; // utf8[end] continues a character that started before it: cut before that character
        }
        return new String(utf8, 0, end, StandardCharsets.UTF_8);
    }

    public boolean reconnect() {
        return code < 3500 || code >= 5000 || (code >= 4000 && code < 4500);
    }
}
