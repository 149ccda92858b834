package io.sluice.node.auth;

/**
 * The claims of a verified subscription JWT.
 *
 * @param client   {@code client}: when non-empty it must equal the subscribing connection's id
 * @param expireAt unix seconds; 0 = never
 * @param info     channel info as raw JSON bytes (or decoded {@code b64info}); null if absent
 * @param data     {@code data} as raw JSON bytes (or decoded {@code b64data}); null if absent
 */
public record SubscriptionToken(String user, String channel, String client, long expireAt, byte[] info, byte[] data) {
}
