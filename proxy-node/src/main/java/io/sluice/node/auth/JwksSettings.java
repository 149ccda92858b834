package io.sluice.node.auth;

import java.time.Duration;

/**
 * How a JWKS endpoint is fetched and cached.
 *
 * @param cacheTtl           how long a fetched key set is used before it is fetched again
 * @param minRefreshInterval a token whose kid is not in the cached set makes the set be fetched again, at
 *                           most twice per interval, so tokens with made-up kids can not flood the endpoint
 * @param httpTimeout        connect and read timeout of one fetch (one retry follows a failed fetch)
 */
record JwksSettings(Duration cacheTtl, Duration minRefreshInterval, Duration httpTimeout) {

    /** Centrifugo caches JWKS keys for an hour and gives a fetch 1 s. */
    static final JwksSettings DEFAULT =
            new JwksSettings(Duration.ofHours(1), Duration.ofSeconds(30), Duration.ofSeconds(1));
}
