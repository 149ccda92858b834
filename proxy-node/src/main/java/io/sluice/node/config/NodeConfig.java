package io.sluice.node.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One immutable snapshot of a node's configuration, assembled by {@link ConfigLoader} from the
 * config file(s) and {@code SLUICE_<KEY>} environment overrides. Seed keys and Centrifugo v5
 * aliases are normalised into the granular form: named {@link StreamBackendConfig}s that
 * namespaces (and connection streams) refer to by name.
 *
 * @param websocketWriteTimeout how long a client's socket may stay unwritable (its peer not reading)
 *                              before the client is disconnected as slow
 */
public record NodeConfig(
        String address,
        int port,
        TokenConfig token,
        String apiKey,
        boolean apiInsecure,
        boolean allowAnonymousConnectWithoutToken,
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
        ConnectStreamConfig connectStream) {

    /** Commands a connection may have in flight: {@code client_concurrency}, where 0 means one at a time as in Centrifugo. */
    public int commandsInFlightLimit() {
        return Math.max(1, clientConcurrency);
    }

    /** Namespace options for a channel's namespace name ("" = no namespace), or null if unknown. */
    public ChannelOptions channelOptions(String namespace) {
        return namespace.isEmpty() ? withoutNamespace : namespaces.get(namespace);
    }

    /** Connection JWT verification settings (Centrifugo v5 {@code token_*} keys). */
    public record TokenConfig(
            String hmacSecretKey,
            String rsaPublicKey,
            String ecdsaPublicKey,
            String audience,
            String issuer,
            String userIdClaim) {
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
}
