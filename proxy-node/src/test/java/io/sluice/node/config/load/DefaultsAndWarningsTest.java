package io.sluice.node.config.load;

import io.sluice.node.config.ChannelOptions;
import io.sluice.node.config.NodeConfig;
import static io.sluice.node.config.load.ConfigTestSupport.assertRefused;
import static io.sluice.node.config.load.ConfigTestSupport.load;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.node.config.NodeConfig.EngineConfig;
import io.sluice.node.config.NodeConfig.RedisOptions;
import io.sluice.node.config.NodeConfig.TokenConfig;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Defaults of an empty config, and the one-warning-per-key rule for Centrifugo options Sluice ignores. */
class DefaultsAndWarningsTest {

    @Test
    void emptyConfigGivesTheDocumentedDefaults() throws Exception {
        LoadedConfig loaded = load("{}");
        NodeConfig c = loaded.config();
        assertThat(c.address()).isEqualTo("0.0.0.0");
        assertThat(c.port()).isEqualTo(8000);
        assertThat(c.token())
                .isEqualTo(new TokenConfig("token_", null, null, null, null, null, null, null, null, "sub", false));
        assertThat(c.apiKey()).isNull();
        assertThat(c.apiInsecure()).isFalse();
        assertThat(c.allowAnonymousConnectWithoutToken()).isFalse();
        assertThat(c.clientInsecure()).isFalse();
        assertThat(c.pingInterval()).isEqualTo(Duration.ofSeconds(25));
        assertThat(c.pongTimeout()).isEqualTo(Duration.ofSeconds(8));
        assertThat(c.clientStaleCloseDelay()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.clientExpiredCloseDelay()).isEqualTo(Duration.ofSeconds(25));
        assertThat(c.clientExpiredSubCloseDelay()).isEqualTo(Duration.ofSeconds(25));
        assertThat(c.clientPresenceUpdateInterval()).isEqualTo(Duration.ofSeconds(27));
        assertThat(c.clientChannelLimit()).isEqualTo(128);
        assertThat(c.clientUserConnectionLimit()).isZero();
        assertThat(c.clientQueueMaxSize()).isEqualTo(1_048_576);
        assertThat(c.websocketMessageSizeLimit()).isEqualTo(65_536);
        assertThat(c.channelMaxLength()).isEqualTo(255);
        assertThat(c.withoutNamespace()).isEqualTo(new ChannelOptions("", false, false, false, false, false, false,
                false, false, false, false, false, false, null, null, false));
        assertThat(c.namespaces()).isEmpty();
        assertThat(c.engine()).isEqualTo(new EngineConfig("memory", List.of("redis://127.0.0.1:6379"), "sluice",
                new RedisOptions(Duration.ofSeconds(60), Duration.ofSeconds(4), Duration.ofSeconds(1), null, null, 0)));
        assertThat(c.engine().isRedis()).isFalse();
        assertThat(c.streamBackends()).isEmpty();
        assertThat(c.connectStream()).isNull();
        assertThat(loaded.warnings()).isEmpty();
    }

    @Test
    void everyChannelOptionIsRead() throws Exception {
        String json = """
                {"namespaces": [{"name": "all", "presence": true, "join_leave": true, "force_push_join_leave": true,
                  "allow_subscribe_for_client": true, "allow_subscribe_for_anonymous": true,
                  "allow_publish_for_subscriber": true, "allow_publish_for_client": true,
                  "allow_publish_for_anonymous": true, "allow_presence_for_subscriber": true,
                  "allow_presence_for_client": true, "allow_presence_for_anonymous": true,
                  "allow_user_limited_channels": true}]}
                """;
        NodeConfig config = ConfigLoader.fromJson(json);
        assertThat(config.channelOptions("all")).isEqualTo(new ChannelOptions("all", true, true, true, true, true,
                true, true, true, true, true, true, true, null, null, false));
        // The same keys at the top level apply to channels without namespace.
        String top = json.replace("{\"namespaces\": [{\"name\": \"all\", ", "{").replace("}]}", "}");
        assertThat(ConfigLoader.fromJson(top).withoutNamespace()).isEqualTo(new ChannelOptions("", true, true, true,
                true, true, true, true, true, true, true, true, true, null, null, false));
    }

    @Test
    void everyGeneralKeyIsRead() throws Exception {
        NodeConfig c = ConfigLoader.fromJson("""
                {"address": "10.0.0.1", "port": 8443, "token_hmac_secret_key": "h", "token_rsa_public_key": "r",
                 "token_ecdsa_public_key": "e", "token_audience": "aud", "token_issuer": "iss",
                 "token_user_id_claim": "uid", "api_key": "k", "api_insecure": true,
                 "allow_anonymous_connect_without_token": true, "client_insecure": true,
                 "ping_interval": "20s", "pong_timeout": "4s", "client_stale_close_delay": "11s",
                 "client_expired_close_delay": "12s", "client_expired_sub_close_delay": "13s",
                 "client_presence_update_interval": "14s", "client_channel_limit": 10,
                 "client_user_connection_limit": 3, "client_queue_max_size": 2048,
                 "websocket_message_size_limit": 4096, "channel_max_length": 64,
                 "engine": "redis", "redis_address": "redis://redis:6379", "redis_prefix": "p",
                 "redis_presence_ttl": "30s", "redis_io_timeout": "2s", "redis_connect_timeout": "500ms",
                 "redis_user": "u", "redis_password": "pw", "redis_db": 2}
                """);
        assertThat(c.address()).isEqualTo("10.0.0.1");
        assertThat(c.port()).isEqualTo(8443);
        assertThat(c.token())
                .isEqualTo(new TokenConfig("token_", "h", "r", "e", null, "aud", null, "iss", null, "uid", false));
        assertThat(c.apiKey()).isEqualTo("k");
        assertThat(c.apiInsecure()).isTrue();
        assertThat(c.allowAnonymousConnectWithoutToken()).isTrue();
        assertThat(c.clientInsecure()).isTrue();
        assertThat(c.pingInterval()).isEqualTo(Duration.ofSeconds(20));
        assertThat(c.pongTimeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(c.clientStaleCloseDelay()).isEqualTo(Duration.ofSeconds(11));
        assertThat(c.clientExpiredCloseDelay()).isEqualTo(Duration.ofSeconds(12));
        assertThat(c.clientExpiredSubCloseDelay()).isEqualTo(Duration.ofSeconds(13));
        assertThat(c.clientPresenceUpdateInterval()).isEqualTo(Duration.ofSeconds(14));
        assertThat(c.clientChannelLimit()).isEqualTo(10);
        assertThat(c.clientUserConnectionLimit()).isEqualTo(3);
        assertThat(c.clientQueueMaxSize()).isEqualTo(2048);
        assertThat(c.websocketMessageSizeLimit()).isEqualTo(4096);
        assertThat(c.channelMaxLength()).isEqualTo(64);
        assertThat(c.engine()).isEqualTo(new EngineConfig("redis", List.of("redis://redis:6379"), "p",
                new RedisOptions(Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofMillis(500), "u", "pw", 2)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"name", "health", "admin", "admin_password", "admin_secret", "admin_insecure",
            "prometheus", "debug", "log_level", "log_file", "pid_file", "tls_server_name", "websocket_compression", "websocket_read_buffer_size", "websocket_write_buffer_size",
            "uni_websocket", "uni_sse", "uni_http_stream", "uni_grpc", "grpc_api",
            "grpc_api_port", "api_handler_prefix", "websocket_handler_prefix", "history_size", "history_ttl",
            "history_meta_ttl", "force_recovery", "allow_recovery", "force_positioning", "allow_positioning",
            "allow_history_for_subscriber", "allow_history_for_client", "allow_history_for_anonymous",
            "publication_data_format", "proxy_connect_endpoint", "proxy_refresh_endpoint", "proxy_rpc_endpoint",
            "proxy_subscribe_endpoint", "proxy_publish_endpoint", "proxy_sub_refresh_endpoint",
            "proxy_connect_timeout", "proxy_refresh_timeout", "proxy_rpc_timeout", "proxy_subscribe_timeout",
            "proxy_publish_timeout", "proxy_sub_refresh_timeout", "proxy_rpc", "presence_ttl", "redis_client_name",
            "node_info_metrics_aggregate_interval", "shutdown_timeout", "use_unlimited_history_by_default",
            "client_channel_position_check_delay", "proxies", "granular_proxy_mode", "proxy_binary_encoding"})
    void ignoredCentrifugoKeysAreAcceptedWithOneWarningNamingThem(String key) throws Exception {
        LoadedConfig loaded = load("{\"" + key + "\": \"any value, not type-checked\"}");
        assertThat(loaded.warnings()).containsExactly(
                "inline.json: key '" + key + "' is a Centrifugo option Sluice does not use; ignored");
    }

    @Test
    void ignoredNamespaceKeysNameTheNamespace() throws Exception {
        LoadedConfig loaded = load("""
                {"history_size": 10,
                 "namespaces": [{"name": "chat", "history_size": 100, "history_ttl": "300s", "presence": true},
                                {"name": "feed", "force_recovery": true}]}
                """);
        assertThat(loaded.config().channelOptions("chat").presence()).isTrue();
        assertThat(loaded.warnings()).containsExactly(
                "inline.json: key 'history_size' is a Centrifugo option Sluice does not use; ignored",
                "inline.json: key 'namespaces[chat].history_size' is a Centrifugo option Sluice does not use; ignored",
                "inline.json: key 'namespaces[chat].history_ttl' is a Centrifugo option Sluice does not use; ignored",
                "inline.json: key 'namespaces[feed].force_recovery' is a Centrifugo option Sluice does not use; ignored");
    }

    @Test
    void typicalCentrifugoV5ConfigLoadsAsIs() throws Exception {
        LoadedConfig loaded = load("""
                {
                  "token_hmac_secret_key": "bbe7d157-a253-4094-9759-06a8236543f9",
                  "admin_password": "d0683813-0916-4c49-979f-0e08a686b727",
                  "admin_secret": "4b9db5ac-6d4a-4d37-9d5f-4b1a1a1d1cd3",
                  "api_key": "d7627bb6-2292-4911-82e1-615c0ed3eebb",
                  "allowed_origins": ["http://localhost:3000"],
                  "admin": true,
                  "log_level": "debug",
                  "engine": "redis",
                  "redis_address": "redis://localhost:6379",
                  "proxy_subscribe_stream_endpoint": "grpc://localhost:12000",
                  "proxy_subscribe_stream_timeout": "3s",
                  "proxy_http_headers": ["Origin", "User-Agent", "Cookie", "Authorization", "X-Real-Ip"],
                  "proxy_grpc_metadata": ["authorization"],
                  "namespaces": [
                    {"name": "personal", "presence": true, "join_leave": true, "allow_subscribe_for_client": true},
                    {"name": "streams", "proxy_subscribe_stream": true, "allow_subscribe_for_client": true}
                  ]
                }
                """);
        NodeConfig c = loaded.config();
        assertThat(c.token().hmacSecretKey()).isEqualTo("bbe7d157-a253-4094-9759-06a8236543f9");
        assertThat(c.engine().isRedis()).isTrue();
        assertThat(c.channelOptions("streams").streamBackend()).isEqualTo("proxy_subscribe_stream");
        assertThat(c.streamBackends().get("proxy_subscribe_stream").httpHeaders())
                .containsExactly("origin", "user-agent", "cookie", "authorization", "x-real-ip");
        assertThat(c.frontDoor().allowedOrigins()).map(Pattern::pattern).hasSize(1);
        assertThat(loaded.warnings()).hasSize(5).anyMatch(w -> w.contains("'proxy_grpc_metadata'"))
                .anyMatch(w -> w.contains("'admin_password'")).anyMatch(w -> w.contains("'log_level'"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"tls\": true", "\"tls_cert\": \"/c.pem\"", "\"tls_key\": \"/k.pem\"",
            "\"tls_autocert\": true", "\"tls_client_ca\": \"/ca.pem\"", "\"redis_tls\": true",
            "\"redis_sentinel_tls\": true"})
    void tlsKeysTheNodeCannotHonourRefuseToStart(String setting) {
        String key = setting.substring(1, setting.indexOf('"', 1));
        assertRefused("{" + setting + "}", key, "TLS");
    }

    @Test
    void unsupportedKeyThatIsSwitchedOffOnlyWarns() throws Exception {
        LoadedConfig loaded = load("{\"namespaces\": [{\"name\": \"chat\", \"subscribe_stream_proxy_name\": \"\"}]}");
        assertThat(loaded.warnings()).containsExactly("inline.json: key 'namespaces[chat].subscribe_stream_proxy_name'"
                + " is a Centrifugo option Sluice does not use; ignored");
        assertRefused("{\"subscribe_stream_proxy_name\": \"x\"}", "subscribe_stream_proxy_name", "granular proxy mode");
    }
}
