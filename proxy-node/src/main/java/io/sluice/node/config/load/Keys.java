package io.sluice.node.config.load;

import static io.sluice.node.config.load.Key.flag;
import static io.sluice.node.config.load.Key.optional;

import io.sluice.node.config.StreamBackendConfig.Contract;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The declarative key tables: what Sluice reads (with type and default), which Centrifugo v5 keys it
 * accepts but ignores, which seed-000 keys are superseded, and what each scope allows. Adding a key
 * is one constant (or one name in an ignore set) plus its entry in the scope list.
 */
final class Keys {
    private Keys() {
    }

    /** Where a key appears: the top level, inside a {@code namespaces} entry, inside a {@code stream_backends} entry. */
    enum Scope { TOP, NAMESPACE, BACKEND }

    // ---- general (top level only) ----
    static final Key<Integer> PORT = Key.of("port", Types.integer(1, 65535), 8000);
    static final Key<String> ADDRESS = Key.of("address", Types.OPTIONAL_STRING, "0.0.0.0");
    static final TokenKeys CONNECTION_TOKEN = TokenKeys.withPrefix("token_");
    static final TokenKeys SUBSCRIPTION_TOKEN = TokenKeys.withPrefix("subscription_token_");
    static final Key<Boolean> SEPARATE_SUBSCRIPTION_TOKEN_CONFIG = flag("separate_subscription_token_config");
    static final Key<Boolean> CLIENT_INSECURE_SKIP_TOKEN_SIGNATURE_VERIFY =
            flag("client_insecure_skip_token_signature_verify");
    static final Key<Boolean> DISALLOW_ANONYMOUS_CONNECTION_TOKENS = flag("disallow_anonymous_connection_tokens");
    static final Key<String> API_KEY = optional("api_key");
    static final Key<Boolean> API_INSECURE = flag("api_insecure");
    static final Key<Boolean> ALLOW_ANONYMOUS_CONNECT_WITHOUT_TOKEN = flag("allow_anonymous_connect_without_token");
    static final Key<Boolean> CLIENT_INSECURE = flag("client_insecure");
    static final Key<Duration> PING_INTERVAL = duration("ping_interval", 25);
    static final Key<Duration> PONG_TIMEOUT = duration("pong_timeout", 8);
    static final Key<Duration> CLIENT_STALE_CLOSE_DELAY = duration("client_stale_close_delay", 10);
    static final Key<Duration> CLIENT_EXPIRED_CLOSE_DELAY = duration("client_expired_close_delay", 25);
    static final Key<Duration> CLIENT_EXPIRED_SUB_CLOSE_DELAY = duration("client_expired_sub_close_delay", 25);
    static final Key<Duration> CLIENT_PRESENCE_UPDATE_INTERVAL = duration("client_presence_update_interval", 27);
    static final Key<Integer> CLIENT_CHANNEL_LIMIT = atLeast("client_channel_limit", 1, 128);
    static final Key<Integer> CLIENT_USER_CONNECTION_LIMIT = atLeast("client_user_connection_limit", 0, 0);
    /**
     * Commands in flight per connection. Centrifugo's default 0 (one at a time) would make a reconnecting
     * SDK's resubscribes wait for one Redis or backend round trip each; 64 pipelines those and usual bursts,
     * while one connection can still hold only that many engine or backend calls open.
     */
    static final Key<Integer> CLIENT_CONCURRENCY = atLeast("client_concurrency", 0, 64);
    static final Key<Integer> CLIENT_QUEUE_MAX_SIZE = atLeast("client_queue_max_size", 1, 1_048_576);
    static final Key<Integer> WEBSOCKET_MESSAGE_SIZE_LIMIT = atLeast("websocket_message_size_limit", 1, 65_536);
    static final Key<Duration> WEBSOCKET_WRITE_TIMEOUT = duration("websocket_write_timeout", 1);
    static final Key<Integer> CHANNEL_MAX_LENGTH = atLeast("channel_max_length", 1, 255);
    static final Key<String> ENGINE = Key.of("engine", Types.ENGINE, "memory");
    static final Key<List<String>> REDIS_ADDRESS =
            Key.of("redis_address", Types.REDIS_ADDRESSES, List.of("redis://127.0.0.1:6379"));
    static final Key<String> REDIS_PREFIX = Key.of("redis_prefix", Types.OPTIONAL_STRING, "sluice");
    static final Key<Duration> REDIS_PRESENCE_TTL = duration("redis_presence_ttl", 60);
    static final Key<Duration> REDIS_IO_TIMEOUT = duration("redis_io_timeout", 4);
    static final Key<Duration> REDIS_CONNECT_TIMEOUT = duration("redis_connect_timeout", 1);
    static final Key<String> REDIS_USER = optional("redis_user");
    static final Key<String> REDIS_PASSWORD = optional("redis_password");
    static final Key<Integer> REDIS_DB = atLeast("redis_db", 0, 0);

    // ---- the front door: who may open what, and how long a request may take to arrive ----
    static final Key<List<Pattern>> ALLOWED_ORIGINS = Key.of("allowed_origins", Types.ORIGIN_GLOBS, List.of());
    static final Key<Integer> INTERNAL_PORT = Key.of("internal_port", Types.PORT_NUMBER, null);
    static final Key<String> INTERNAL_ADDRESS = optional("internal_address");
    static final Key<Boolean> API_DISABLE = flag("api_disable");
    static final Key<Integer> API_MAX_REQUEST_BODY_SIZE = atLeast("api_max_request_body_size", 1, 1_048_576);
    static final Key<Integer> CLIENT_CONNECTION_LIMIT = atLeast("client_connection_limit", 0, 0);
    static final Key<Integer> CLIENT_CONNECTION_RATE_LIMIT = atLeast("client_connection_rate_limit", 0, 0);
    static final Key<Duration> HTTP_READ_HEADER_TIMEOUT = duration("http_read_header_timeout", 10);
    static final Key<Duration> HTTP_IDLE_TIMEOUT = duration("http_idle_timeout", 30);

    // ---- fallback transports (Centrifugo v5 names) ----
    static final Key<Boolean> HTTP_STREAM = flag("http_stream");
    static final Key<Boolean> SSE = flag("sse");
    static final Key<String> HTTP_STREAM_HANDLER_PREFIX = path("http_stream_handler_prefix", "/connection/http_stream");
    static final Key<String> SSE_HANDLER_PREFIX = path("sse_handler_prefix", "/connection/sse");
    static final Key<String> EMULATION_HANDLER_PREFIX = path("emulation_handler_prefix", "/emulation");
    static final Key<Integer> HTTP_STREAM_MAX_REQUEST_BODY_SIZE = atLeast("http_stream_max_request_body_size", 1, 65_536);
    static final Key<Integer> SSE_MAX_REQUEST_BODY_SIZE = atLeast("sse_max_request_body_size", 1, 65_536);
    static final Key<Integer> EMULATION_MAX_REQUEST_BODY_SIZE = atLeast("emulation_max_request_body_size", 1, 65_536);

    // ---- channel options (top level = channels without namespace, and every namespace) ----
    static final Key<String> NAMESPACE_NAME = Key.of("name", Types.NAMESPACE_NAME, null);
    static final Key<Boolean> PRESENCE = flag("presence");
    static final Key<Boolean> JOIN_LEAVE = flag("join_leave");
    static final Key<Boolean> FORCE_PUSH_JOIN_LEAVE = flag("force_push_join_leave");
    static final Key<Boolean> ALLOW_SUBSCRIBE_FOR_CLIENT = flag("allow_subscribe_for_client");
    static final Key<Boolean> ALLOW_SUBSCRIBE_FOR_ANONYMOUS = flag("allow_subscribe_for_anonymous");
    static final Key<Boolean> ALLOW_PUBLISH_FOR_SUBSCRIBER = flag("allow_publish_for_subscriber");
    static final Key<Boolean> ALLOW_PUBLISH_FOR_CLIENT = flag("allow_publish_for_client");
    static final Key<Boolean> ALLOW_PUBLISH_FOR_ANONYMOUS = flag("allow_publish_for_anonymous");
    static final Key<Boolean> ALLOW_PRESENCE_FOR_SUBSCRIBER = flag("allow_presence_for_subscriber");
    static final Key<Boolean> ALLOW_PRESENCE_FOR_CLIENT = flag("allow_presence_for_client");
    static final Key<Boolean> ALLOW_PRESENCE_FOR_ANONYMOUS = flag("allow_presence_for_anonymous");
    static final Key<Boolean> ALLOW_USER_LIMITED_CHANNELS = flag("allow_user_limited_channels");
    static final Key<Pattern> CHANNEL_REGEX = Key.of("channel_regex", Types.REGEX, null);

    // ---- subscription stream selection (top level and namespaces) ----
    /** Seed flag; at the top level Centrifugo v5 also read it (a PR #680 leftover), see StreamRouting. */
    static final Key<Boolean> PROXY_STREAM_SUBSCRIBE = flag("proxy_stream_subscribe");
    static final Key<Boolean> PROXY_STREAM_SUBSCRIBE_BIDIRECTIONAL = flag("proxy_stream_subscribe_bidirectional");
    static final Key<Boolean> PROXY_SUBSCRIBE_STREAM = flag("proxy_subscribe_stream");
    static final Key<Boolean> PROXY_SUBSCRIBE_STREAM_BIDIRECTIONAL = flag("proxy_subscribe_stream_bidirectional");
    static final Key<String> PROXY_STREAM_SUBSCRIBE_BACKEND = optional("proxy_stream_subscribe_backend");

    // ---- stream backends ----
    /** A backend built from flat top-level keys; {@code name} is its entry in NodeConfig.streamBackends. */
    record ImplicitBackend(String name, Contract contract, BackendKeys keys) {
    }

    static final ImplicitBackend SEED_SUBSCRIBE =
            new ImplicitBackend("proxy_stream_subscribe", Contract.PROXY_STREAM, BackendKeys.seed("proxy_stream_subscribe"));
    static final ImplicitBackend V5_SUBSCRIBE =
            new ImplicitBackend("proxy_subscribe_stream", Contract.CENTRIFUGO_PROXY, BackendKeys.centrifugoV5());
    static final ImplicitBackend SEED_CONNECT =
            new ImplicitBackend("proxy_stream_connect", Contract.PROXY_STREAM, BackendKeys.seed("proxy_stream_connect"));
    static final List<ImplicitBackend> IMPLICIT_BACKENDS = List.of(SEED_SUBSCRIBE, V5_SUBSCRIBE, SEED_CONNECT);

    static final BackendKeys GRANULAR = BackendKeys.granular();
    static final Key<String> BACKEND_NAME = Key.of("name", Types.BACKEND_NAME, null);

    static final Key<String> PROXY_STREAM_CONNECT_BACKEND = optional("proxy_stream_connect_backend");
    static final Key<Boolean> PROXY_STREAM_CONNECT_BIDIRECTIONAL = flag("proxy_stream_connect_bidirectional");

    /** Arrays of named entries; the parsing layer merges them across files by name. */
    static final String NAMESPACES = "namespaces";
    static final String STREAM_BACKENDS = "stream_backends";

    // ---- seed 000 spellings, superseded by seed 001 ----
    static final Map<String, String> SUPERSEDED = Map.of(
            "proxy_stream_endpoint", "proxy_stream_subscribe_endpoint",
            "proxy_stream_timeout", "proxy_stream_subscribe_timeout",
            "proxy_stream", "proxy_stream_subscribe",
            "proxy_stream_bidirectional", "proxy_stream_subscribe_bidirectional");

    // ---- Centrifugo v5 keys Sluice accepts and ignores (one warning each) ----
    /** Namespace options of Centrifugo v5 (valid at the top level too) that Sluice does not act on. */
    private static final Set<String> IGNORED_CHANNEL = Set.of(
            "history_size", "history_ttl", "history_meta_ttl", "force_recovery", "allow_recovery",
            "force_recovery_mode", "force_positioning", "allow_positioning", "allow_history_for_subscriber",
            "allow_history_for_client", "allow_history_for_anonymous", "publication_data_format",
            "delta_publish", "allowed_delta_types", "proxy_subscribe", "proxy_publish", "proxy_sub_refresh",
            "proxy_rpc", "subscribe_proxy_name", "publish_proxy_name", "sub_refresh_proxy_name", "rpc_proxy_name");

    /** Namespace options that cannot share a namespace with a stream proxy (Centrifugo's own rule). */
    static final List<String> CONFLICT_WITH_STREAM = List.of(
            "proxy_subscribe", "proxy_publish", "proxy_sub_refresh",
            "subscribe_proxy_name", "publish_proxy_name", "sub_refresh_proxy_name");

    private static final String SENTINEL_IN_ADDRESS = "put Sentinel settings in 'redis_address' as"
            + " \"redis+sentinel://sentinel1:26379?sentinel_master_name=NAME&addr=sentinel2:26379&sentinel_password=...\"";

    private static final String NO_TLS = "the node does not terminate TLS; terminate it in front of the node (Ingress or"
            + " load balancer) and remove this key";
    private static final String NO_REDIS_TLS = "Sluice reads TLS for Redis from the address: remove this key and write"
            + " rediss:// (or rediss+sentinel://, rediss+cluster://) in redis_address";

    /** Known keys Sluice refuses when set, because ignoring them would silently break the namespace, engine or security. */
    private static final Map<String, String> UNSUPPORTED_CHANNEL = Map.ofEntries(
            Map.entry("subscribe_stream_proxy_name", "Centrifugo's granular proxy mode ('proxies' +"
                    + " 'subscribe_stream_proxy_name') is not supported for stream proxies; declare the backend in"
                    + " 'stream_backends' and select it with 'proxy_stream_subscribe_backend'"),
            // Ignoring these would silently connect somewhere else: say where the setting goes instead.
            Map.entry("redis_sentinel_address", SENTINEL_IN_ADDRESS),
            Map.entry("redis_sentinel_master_name", SENTINEL_IN_ADDRESS),
            Map.entry("redis_sentinel_password", SENTINEL_IN_ADDRESS),
            Map.entry("redis_cluster_address", "put the cluster seeds in 'redis_address' as"
                    + " \"redis+cluster://host1:6379?addr=host2:6379\" (a plain redis:// address of a cluster node works too)"),
            // Ignoring these would serve or connect in plain text where the operator asked for TLS.
            Map.entry("tls", NO_TLS),
            Map.entry("tls_cert", NO_TLS),
            Map.entry("tls_key", NO_TLS),
            Map.entry("tls_cert_pem", NO_TLS),
            Map.entry("tls_key_pem", NO_TLS),
            Map.entry("tls_client_ca", NO_TLS),
            Map.entry("tls_client_ca_pem", NO_TLS),
            Map.entry("tls_autocert", NO_TLS),
            Map.entry("redis_tls", NO_REDIS_TLS),
            Map.entry("redis_sentinel_tls", NO_REDIS_TLS),
            // Ignoring it would leave the connections it should authenticate unauthenticated, or worse.
            Map.entry("client_user_id_http_header", "taking the user id from an HTTP header is not supported;"
                    + " authenticate connections with a connection token or a connection stream"));

    private static final Set<String> IGNORED_TOP_ONLY = Set.of(
            // node, logging, process
            "name", "gomaxprocs", "pid_file", "debug", "log_level", "log_file", "shutdown_timeout",
            "shutdown_termination_delay", "usage_stats_disable", "node_info_metrics_aggregate_interval",
            "opentelemetry", "opentelemetry_api", "graphite", "graphite_host", "graphite_port", "graphite_prefix",
            "graphite_interval", "graphite_tags", "prometheus", "health", "swagger",
            // admin, HTTP server and TLS
            "admin", "admin_password", "admin_secret", "admin_insecure", "admin_web_path", "admin_web_proxy_address",
            "admin_external", "api_external", "api_error_mode",
            "tls_root_ca", "tls_root_ca_pem", "tls_server_name", "tls_insecure_skip_verify", "tls_external",
            "tls_autocert_host_whitelist", "tls_autocert_cache_dir", "tls_autocert_email", "tls_autocert_server_name",
            "tls_autocert_http", "tls_autocert_http_addr",
            "admin_handler_prefix", "api_handler_prefix", "prometheus_handler_prefix", "health_handler_prefix",
            "swagger_handler_prefix", "websocket_handler_prefix", "webtransport_handler_prefix",
            "sockjs_handler_prefix", "uni_websocket_handler_prefix", "uni_sse_handler_prefix",
            "uni_http_stream_handler_prefix",
            // transports other than the bidirectional WebSocket
            "websocket_disable", "websocket_compression", "websocket_compression_min_size",
            "websocket_compression_level", "websocket_read_buffer_size", "websocket_write_buffer_size",
            "websocket_use_write_buffer_pool", "sockjs", "sockjs_url", "webtransport",
            "http3",
            "uni_websocket", "uni_websocket_compression", "uni_websocket_compression_min_size",
            "uni_websocket_compression_level", "uni_websocket_read_buffer_size", "uni_websocket_write_buffer_size",
            "uni_websocket_use_write_buffer_pool", "uni_websocket_write_timeout", "uni_websocket_message_size_limit",
            "uni_sse", "uni_sse_max_request_body_size", "uni_http_stream", "uni_http_stream_max_request_body_size",
            "uni_grpc", "uni_grpc_address", "uni_grpc_port", "uni_grpc_max_receive_message_size",
            "uni_grpc_tls_disable", "uni_grpc_tls", "uni_grpc_tls_key", "uni_grpc_tls_cert", "uni_grpc_tls_cert_pem",
            "uni_grpc_tls_key_pem", "uni_grpc_tls_root_ca", "uni_grpc_tls_root_ca_pem", "uni_grpc_tls_client_ca",
            "uni_grpc_tls_client_ca_pem", "uni_grpc_tls_server_name", "uni_grpc_tls_insecure_skip_verify",
            // gRPC server API
            "grpc_api", "grpc_api_error_mode", "grpc_api_address", "grpc_api_port", "grpc_api_key",
            "grpc_api_tls_disable", "grpc_api_reflection", "grpc_api_tls", "grpc_api_tls_key", "grpc_api_tls_cert",
            "grpc_api_tls_cert_pem", "grpc_api_tls_key_pem", "grpc_api_tls_root_ca", "grpc_api_tls_root_ca_pem",
            "grpc_api_tls_client_ca", "grpc_api_tls_client_ca_pem", "grpc_api_tls_server_name",
            "grpc_api_tls_insecure_skip_verify",
            // tokens and clients
            "client_channel_position_check_delay",
            "client_history_max_publication_limit", "client_recovery_max_publication_limit",
            // channels
            "channel_private_prefix", "channel_namespace_boundary", "channel_user_boundary", "channel_user_separator",
            "rpc_namespace_boundary", "rpc_namespaces", "user_subscribe_to_personal", "user_personal_channel_namespace",
            "user_personal_single_connection", "global_history_meta_ttl", "global_presence_ttl", "presence_ttl",
            "use_unlimited_history_by_default",
            // unary proxies (Sluice runs stream proxies only)
            "granular_proxy_mode", "proxies", "connect_proxy_name", "refresh_proxy_name",
            "proxy_connect_endpoint", "proxy_refresh_endpoint", "proxy_subscribe_endpoint", "proxy_publish_endpoint",
            "proxy_sub_refresh_endpoint", "proxy_rpc_endpoint", "proxy_connect_timeout", "proxy_refresh_timeout",
            "proxy_subscribe_timeout", "proxy_publish_timeout", "proxy_sub_refresh_timeout", "proxy_rpc_timeout",
            "proxy_static_http_headers", "proxy_binary_encoding", "proxy_grpc_compression",
            // engines and Redis options Sluice does not use
            "broker", "presence_manager", "nats_prefix", "nats_url", "nats_dial_timeout", "nats_write_timeout",
            "tarantool_mode", "tarantool_address", "tarantool_user", "tarantool_password",
            "redis_use_lists", "redis_client_name", "redis_force_resp2",
            "redis_sentinel_user", "redis_sentinel_client_name", "redis_tls_key", "redis_tls_cert", "redis_tls_cert_pem",
            "redis_tls_key_pem", "redis_tls_root_ca", "redis_tls_root_ca_pem", "redis_tls_client_ca",
            "redis_tls_client_ca_pem", "redis_tls_server_name", "redis_tls_insecure_skip_verify",
            "redis_sentinel_tls_key", "redis_sentinel_tls_cert", "redis_sentinel_tls_cert_pem",
            "redis_sentinel_tls_key_pem", "redis_sentinel_tls_root_ca", "redis_sentinel_tls_root_ca_pem",
            "redis_sentinel_tls_client_ca", "redis_sentinel_tls_client_ca_pem", "redis_sentinel_tls_server_name",
            "redis_sentinel_tls_insecure_skip_verify", "redis_history_meta_ttl");

    /** Top-level sections of Centrifugo v6's nested config, to explain why they are unknown here. */
    private static final Set<String> V6_SECTIONS = Set.of("client", "channel", "http_api", "websocket", "log",
            "consumers", "unified_proxy");

    private static final List<Key<?>> GENERAL = List.of(PORT, ADDRESS, SEPARATE_SUBSCRIPTION_TOKEN_CONFIG,
            CLIENT_INSECURE_SKIP_TOKEN_SIGNATURE_VERIFY, DISALLOW_ANONYMOUS_CONNECTION_TOKENS, API_KEY, API_INSECURE,
            ALLOW_ANONYMOUS_CONNECT_WITHOUT_TOKEN, CLIENT_INSECURE, PING_INTERVAL, PONG_TIMEOUT,
            CLIENT_STALE_CLOSE_DELAY, CLIENT_EXPIRED_CLOSE_DELAY, CLIENT_EXPIRED_SUB_CLOSE_DELAY,
            CLIENT_PRESENCE_UPDATE_INTERVAL, CLIENT_CHANNEL_LIMIT, CLIENT_USER_CONNECTION_LIMIT, CLIENT_CONCURRENCY, CLIENT_QUEUE_MAX_SIZE,
            WEBSOCKET_MESSAGE_SIZE_LIMIT, WEBSOCKET_WRITE_TIMEOUT, CHANNEL_MAX_LENGTH, ENGINE, REDIS_ADDRESS, REDIS_PREFIX,
            REDIS_PRESENCE_TTL, REDIS_IO_TIMEOUT, REDIS_CONNECT_TIMEOUT, REDIS_USER, REDIS_PASSWORD, REDIS_DB,
            PROXY_STREAM_CONNECT_BACKEND, PROXY_STREAM_CONNECT_BIDIRECTIONAL, ALLOWED_ORIGINS, INTERNAL_PORT,
            INTERNAL_ADDRESS, API_DISABLE, API_MAX_REQUEST_BODY_SIZE, CLIENT_CONNECTION_LIMIT,
            CLIENT_CONNECTION_RATE_LIMIT, HTTP_READ_HEADER_TIMEOUT, HTTP_IDLE_TIMEOUT, HTTP_STREAM, SSE,
            HTTP_STREAM_HANDLER_PREFIX, SSE_HANDLER_PREFIX, EMULATION_HANDLER_PREFIX, HTTP_STREAM_MAX_REQUEST_BODY_SIZE,
            SSE_MAX_REQUEST_BODY_SIZE, EMULATION_MAX_REQUEST_BODY_SIZE);

    private static final List<Key<?>> CHANNEL = List.of(PRESENCE, JOIN_LEAVE, FORCE_PUSH_JOIN_LEAVE,
            ALLOW_SUBSCRIBE_FOR_CLIENT, ALLOW_SUBSCRIBE_FOR_ANONYMOUS, ALLOW_PUBLISH_FOR_SUBSCRIBER,
            ALLOW_PUBLISH_FOR_CLIENT, ALLOW_PUBLISH_FOR_ANONYMOUS, ALLOW_PRESENCE_FOR_SUBSCRIBER,
            ALLOW_PRESENCE_FOR_CLIENT, ALLOW_PRESENCE_FOR_ANONYMOUS, ALLOW_USER_LIMITED_CHANNELS, CHANNEL_REGEX,
            PROXY_STREAM_SUBSCRIBE, PROXY_STREAM_SUBSCRIBE_BIDIRECTIONAL, PROXY_SUBSCRIBE_STREAM,
            PROXY_SUBSCRIBE_STREAM_BIDIRECTIONAL, PROXY_STREAM_SUBSCRIBE_BACKEND);

    private static final Map<Scope, Map<String, Key<?>>> ACTED = Map.of(
            Scope.TOP, byName(Stream.of(GENERAL, CHANNEL, CONNECTION_TOKEN.all(), SUBSCRIPTION_TOKEN.all(),
                            SEED_SUBSCRIBE.keys().all(), V5_SUBSCRIBE.keys().all(), SEED_CONNECT.keys().all())
                    .flatMap(List::stream).toList()),
            Scope.NAMESPACE, byName(Stream.concat(Stream.of(NAMESPACE_NAME), CHANNEL.stream()).toList()),
            Scope.BACKEND, byName(Stream.concat(Stream.of(BACKEND_NAME), GRANULAR.all().stream()).toList()));

    /** The key Sluice reads under this name in this scope, or null. */
    static Key<?> acted(Scope scope, String name) {
        return ACTED.get(scope).get(name);
    }

    /** Every key Sluice reads in {@code scope}, by name (the configuration reference lists them all). */
    static Set<String> actedNames(Scope scope) {
        return Collections.unmodifiableSet(ACTED.get(scope).keySet());
    }

    /** Every key the loader knows but has no setting for: ignored, refused, and superseded spellings. */
    static Set<String> notActedNames() {
        Set<String> names = new TreeSet<>(IGNORED_CHANNEL);
        names.addAll(IGNORED_TOP_ONLY);
        names.addAll(UNSUPPORTED_CHANNEL.keySet());
        names.addAll(SUPERSEDED.keySet());
        return Collections.unmodifiableSet(names);
    }

    static boolean ignored(Scope scope, String name) {
        return scope != Scope.BACKEND
                && (IGNORED_CHANNEL.contains(name) || scope == Scope.TOP && IGNORED_TOP_ONLY.contains(name));
    }

    /** Why a set value of this key is refused, or null. */
    static String unsupported(Scope scope, String name) {
        return scope == Scope.BACKEND ? null : UNSUPPORTED_CHANNEL.get(name);
    }

    /** The seed-001 spelling of a key (the key itself unless it is a superseded seed-000 spelling). */
    static String canonical(String written) {
        return SUPERSEDED.getOrDefault(written, written);
    }

    /** Top-level keys a {@code SLUICE_<KEY>} variable may set: scalars and lists, not objects. */
    static List<Key<?>> envSettable() {
        return ACTED.get(Scope.TOP).values().stream().filter(k -> k.type().envSettable()).toList();
    }

    static String envName(Key<?> key) {
        return "SLUICE_" + key.name().toUpperCase(Locale.ROOT);
    }

    /** The reason for refusing an unknown key, with a suggestion when a known key is a small edit away. */
    static String unknownReason(Scope scope, String name) {
        if (scope == Scope.TOP && V6_SECTIONS.contains(name)) {
            return "unknown key; '" + name + "' is a Centrifugo v6 section, but Sluice reads Centrifugo v5 flat keys"
                    + " (for example client.token.hmac_secret_key is written token_hmac_secret_key)";
        }
        String reason = "unknown key: neither a Sluice option nor a known Centrifugo v5 option";
        String closest = closest(name, knownNames(scope));
        return closest == null ? reason : reason + "; did you mean '" + closest + "'?";
    }

    private static Collection<String> knownNames(Scope scope) {
        Set<String> names = new LinkedHashSet<>(ACTED.get(scope).keySet());
        if (scope == Scope.TOP) {
            names.add(NAMESPACES);
            names.add(STREAM_BACKENDS);
            names.addAll(IGNORED_TOP_ONLY);
        }
        if (scope != Scope.BACKEND) {
            names.addAll(IGNORED_CHANNEL);
            names.addAll(UNSUPPORTED_CHANNEL.keySet());
            names.addAll(SUPERSEDED.keySet());
        }
        return names;
    }

    /**
     * The known name nearest to {@code name}: the closest within a small edit distance for its length,
     * else the shortest known name it is a long prefix of (a dropped suffix such as "_key").
     */
    static String closest(String name, Collection<String> known) {
        int limit = Math.max(1, Math.min(3, name.length() / 4));
        String best = null;
        int bestDistance = limit + 1;
        String extended = null;
        for (String candidate : known) {
            int d = editDistance(name, candidate);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
            if (name.length() >= 8 && candidate.startsWith(name)
                    && (extended == null || candidate.length() < extended.length())) {
                extended = candidate;
            }
        }
        return best != null ? best : extended;
    }

    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static Map<String, Key<?>> byName(List<Key<?>> keys) {
        Map<String, Key<?>> out = new LinkedHashMap<>();
        for (Key<?> key : keys) {
            if (out.put(key.name(), key) != null) {
                throw new IllegalStateException("key listed twice: " + key.name());
            }
        }
        return out;
    }

    private static Key<Duration> duration(String name, int defaultSeconds) {
        return Key.of(name, Types.POSITIVE_DURATION, Duration.ofSeconds(defaultSeconds));
    }

    private static Key<String> path(String name, String defaultValue) {
        return Key.of(name, Types.URL_PATH, defaultValue);
    }

    private static Key<Integer> atLeast(String name, int min, int defaultValue) {
        return Key.of(name, Types.integer(min, Integer.MAX_VALUE), defaultValue);
    }
}
