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
        int clientQueueMaxSize,
        int websocketMessageSizeLimit,
        Duration websocketWriteTimeout,
        int channelMaxLength,
        ChannelOptions withoutNamespace,
        Map<String, ChannelOptions> namespaces,
        EngineConfig engine,
        Map<String, StreamBackendConfig> streamBackends,
        ConnectStreamConfig connectStream) {

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

    /** {@code engine} plus the Redis settings used when it is {@code redis}. */
    public record EngineConfig(String type, List<String> redisAddress, String redisPrefix) {
        public boolean isRedis() {
            return "redis".equals(type);
        }
    }

    /**
     * Connection streams: opened for every connection without a token. {@code backend} names an
     * entry of {@link #streamBackends()}.
     */
    public record ConnectStreamConfig(String backend, boolean bidirectional) {
    }
}
