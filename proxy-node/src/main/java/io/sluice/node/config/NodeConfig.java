package io.sluice.node.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One immutable snapshot of a node's configuration, assembled by {@link io.sluice.node.config.load.ConfigLoader} from the
 * config file(s) and {@code SLUICE_<KEY>} environment overrides. Seed keys and Centrifugo v5
 * aliases are normalised into the granular form: named {@link StreamBackendConfig}s that
 * namespaces (and connection streams) refer to by name.
 *
 * @param subscriptionToken     how subscription tokens are verified when
 *                              {@code separate_subscription_token_config} is on; null = like connection tokens
 * @param websocketWriteTimeout how long a client's socket may stay unwritable (its peer not reading)
 *                              before the client is disconnected as slow
 */
public record NodeConfig(
        String address,
        int port,
        TokenConfig token,
        TokenConfig subscriptionToken,
        String apiKey,
        boolean apiInsecure,
        boolean allowAnonymousConnectWithoutToken,
        boolean disallowAnonymousConnectionTokens,
        boolean clientInsecure,
        Duration pingInterval,
        Duration pongTimeout,
        Duration clientStaleCloseDelay,
        Duration clientExpiredCloseDelay,
        Duration clientExpiredSubCloseDelay,
        Duration clientPresenceUpdateInterval,
        int clientChannelLimit,
        int clientUserConnectionLimit,
        int clientConcurrency,
        int clientQueueMaxSize,
        int websocketMessageSizeLimit,
        Duration websocketWriteTimeout,
        int channelMaxLength,
        ChannelOptions withoutNamespace,
        Map<String, ChannelOptions> namespaces,
        EngineConfig engine,
        Map<String, StreamBackendConfig> streamBackends,
        ConnectStreamConfig connectStream,
        FrontDoorConfig frontDoor,
        FallbackConfig fallback) {

    /** Commands a connection may have in flight: {@code client_concurrency}, where 0 means one at a time as in Centrifugo. */
    public int commandsInFlightLimit() {
        return Math.max(1, clientConcurrency);
    }

    /** Namespace options for a channel's namespace name ("" = no namespace), or null if unknown. */
    public ChannelOptions channelOptions(String namespace) {
        return namespace.isEmpty() ? withoutNamespace : namespaces.get(namespace);
    }

    /**
     * One JWT verifier's settings: Centrifugo v5's {@code token_*} keys, or {@code subscription_token_*}.
     *
     * @param keyPrefix           the prefix of the keys these came from, to name them in errors
     * @param jwksPublicEndpoint  when set, every token is verified with the keys published there
     * @param audienceRegex       a regex that one {@code aud} entry must contain a match of (Go's unanchored
     *                            search); never set together with {@code audience}
     * @param issuerRegex         the same for {@code iss}; never set together with {@code issuer}
     * @param skipSignatureVerify {@code client_insecure_skip_token_signature_verify}: claims are checked,
     *                            signatures are not
     */
    public record TokenConfig(
            String keyPrefix,
            String hmacSecretKey,
            String rsaPublicKey,
            String ecdsaPublicKey,
            String jwksPublicEndpoint,
            String audience,
            String audienceRegex,
            String issuer,
            String issuerRegex,
            String userIdClaim,
            boolean skipSignatureVerify) {
    }

    /**
     * {@code engine} plus the Redis settings used when it is {@code redis}.
     *
     * @param redisAddress one entry per shard, each valid for {@link RedisAddress#parse}
     */
    public record EngineConfig(String type, List<String> redisAddress, String redisPrefix, RedisOptions redis) {
        public boolean isRedis() {
            return "redis".equals(type);
        }
    }

    /**
     * Redis engine settings beside the addresses (Centrifugo v5 names). {@code user}, {@code password}
     * and {@code db} apply to every address that does not carry its own.
     *
     * @param presenceTtl how long a presence entry lives unless its node refreshes it
     * @param ioTimeout   the longest any Redis call may take before it fails (error 100 to the caller)
     */
    public record RedisOptions(Duration presenceTtl, Duration ioTimeout, Duration connectTimeout, String user,
                               String password, int db) {
        @Override
        public String toString() {
            return "RedisOptions[presenceTtl=" + presenceTtl + ", ioTimeout=" + ioTimeout + ", connectTimeout="
                    + connectTimeout + ", user=" + user + ", password=" + (password == null ? "none" : "***")
                    + ", db=" + db + "]";
        }
    }

    /**
     * Connection streams: opened for every connection without a token. {@code backend} names an
     * entry of {@link #streamBackends()}.
     */
    public record ConnectStreamConfig(String backend, boolean bidirectional) {
    }

    /**
     * What the HTTP front door decides on a request head, before any body is read.
     *
     * @param allowedOrigins        lower-cased Origin globs; empty means "same host as the request only"
     * @param internalPort          where the server API, health and metrics are served; 0 = on {@link #port()}
     * @param apiMaxRequestBodySize the largest server API body accepted (413 above it)
     * @param connectionLimit       client connections this node holds at most (0 = no limit; 503 above it)
     * @param connectionRateLimit   new client connections per second this node accepts (0 = no limit)
     * @param readHeaderTimeout     how long a new socket may take to deliver a complete request
     * @param idleTimeout           how long a keep-alive HTTP connection may wait for its next request
     */
    public record FrontDoorConfig(
            List<Pattern> allowedOrigins,
            int internalPort,
            String internalAddress,
            boolean apiDisable,
            int apiMaxRequestBodySize,
            int connectionLimit,
            int connectionRateLimit,
            Duration readHeaderTimeout,
            Duration idleTimeout) {

        public boolean hasInternalPort() {
            return internalPort != 0;
        }
    }

    /**
     * The WebSocket fallbacks (Centrifugo v5's {@code http_stream} and {@code sse}); either one also
     * opens the emulation endpoint their clients post later commands to.
     */
    public record FallbackConfig(boolean httpStream, boolean sse, String httpStreamPath, String ssePath,
                                 String emulationPath, int httpStreamMaxBody, int sseMaxBody, int emulationMaxBody) {

        public boolean emulation() {
            return httpStream || sse;
        }
    }
}
