package io.sluice.node.transport;

import io.sluice.node.client.ClientSession;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fallback sessions on this node, by the id their {@code POST /emulation} requests carry. The id
 * is the capability that lets a request act on a connection: 128 random bits, never reused, and never
 * logged in full.
 */
final class EmulatedSessions {

    private final Map<String, ClientSession> byId = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    String newId() {
        byte[] bits = new byte[16];
        random.nextBytes(bits);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    }

    void add(String id, ClientSession session) {
        byId.put(id, session);
    }

    void remove(String id) {
        byId.remove(id);
    }

    /** The session, or null when none of this node's has the id. */
    ClientSession get(String id) {
        return id == null ? null : byId.get(id);
    }

    /** Enough of an id to follow it through logs without being able to use it. */
    static String redacted(String id) {
        return id == null || id.length() < 6 ? "?" : id.substring(0, 6) + "…";
    }
}
