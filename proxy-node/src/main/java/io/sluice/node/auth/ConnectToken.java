package io.sluice.node.auth;

import java.util.List;

/**
 * The claims of a verified connection JWT.
 *
 * @param user     {@code sub} (or the configured user id claim); "" for anonymous
 * @param expireAt unix seconds when the connection expires ({@code expire_at} if present, else
 *                 {@code exp}); 0 = never
 * @param info     {@code info} as raw JSON bytes (or decoded {@code b64info}); null if absent
 * @param meta     {@code meta} as raw JSON bytes; null if absent
 * @param channels {@code channels}: server-side subscriptions to make at connect
 */
public record ConnectToken(String user, long expireAt, byte[] info, byte[] meta, List<String> channels) {
}
