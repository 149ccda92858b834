package io.sluice.node.config.load;

import io.sluice.node.config.NodeConfig;
import io.sluice.node.config.StreamBackendConfig;
import static io.sluice.node.config.load.ConfigTestSupport.assertRefused;
import static io.sluice.node.config.load.ConfigTestSupport.load;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.node.config.NodeConfig.ConnectStreamConfig;
import io.sluice.node.config.StreamBackendConfig.Contract;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Normalisation of seed keys, Centrifugo v5 keys and stream_backends into named backends. */
class StreamRoutingTest {

    @Nested
    class CentrifugoV5Aliases {
        @Test
        void v5DocsExampleSelectsTheCentrifugoProxyContract() throws Exception {
            LoadedConfig loaded = load("""
                    {
                      "proxy_subscribe_stream_endpoint": "grpc://localhost:12000",
                      "proxy_subscribe_stream_timeout": "3s",
                      "namespaces": [
                        {
                            "name": "streams",
                            "proxy_subscribe_stream": true,
                            "proxy_subscribe_stream_bidirectional": true
                        }
                      ]
                    }
                    """);
            NodeConfig config = loaded.config();
            assertThat(config.streamBackends()).containsExactly(Map.entry("proxy_subscribe_stream",
                    new StreamBackendConfig("proxy_subscribe_stream", "grpc://localhost:12000",
                            Contract.CENTRIFUGO_PROXY, Duration.ofSeconds(3), false, null, null, Map.of(), List.of(),
                            false, 2)));
            assertThat(config.channelOptions("streams").streamBackend()).isEqualTo("proxy_subscribe_stream");
            assertThat(config.channelOptions("streams").streamBidirectional()).isTrue();
            assertThat(loaded.warnings()).isEmpty();
        }

        @Test
        void sharedV5ProxySettingsApplyToTheStreamBackend() throws Exception {
            StreamBackendConfig backend = ConfigLoader.fromJson("""
                    {
                      "proxy_subscribe_stream_endpoint": "dns:///backend.default.svc:9000",
                      "proxy_grpc_metadata": {"X-Tenant": "acme"},
                      "proxy_http_headers": ["Authorization", "X-Request-Id"],
                      "proxy_include_connection_meta": true,
                      "proxy_grpc_cert_file": "/etc/sluice/ca.pem",
                      "proxy_grpc_credentials_key": "Api-Key",
                      "proxy_grpc_credentials_value": "s3cret"
                    }
                    """).streamBackends().get("proxy_subscribe_stream");
            assertThat(backend).isEqualTo(new StreamBackendConfig("proxy_subscribe_stream",
                    "dns:///backend.default.svc:9000", Contract.CENTRIFUGO_PROXY, Duration.ofSeconds(1), true,
                    "/etc/sluice/ca.pem", null, Map.of("x-tenant", "acme", "api-key", "s3cret"),
                    List.of("authorization", "x-request-id"), true, 2));
        }

        @Test
        void proxyGrpcTlsTurnsTlsOnWithoutACertFile() throws Exception {
            StreamBackendConfig backend = ConfigLoader.fromJson("""
                    {"proxy_subscribe_stream_endpoint": "grpc://b:1", "proxy_grpc_tls": true}
                    """).streamBackends().get("proxy_subscribe_stream");
            assertThat(backend.tls()).isTrue();
            assertThat(backend.tlsCertFile()).isNull();
        }

        @Test
        void v5ListFormOfGrpcMetadataIsAcceptedWithAWarning() throws Exception {
            LoadedConfig loaded = load("""
                    {"proxy_subscribe_stream_endpoint": "grpc://b:1", "proxy_grpc_metadata": ["x-token"]}
                    """);
            assertThat(loaded.config().streamBackends().get("proxy_subscribe_stream").grpcMetadata()).isEmpty();
            assertThat(loaded.warnings()).singleElement().asString()
                    .startsWith("inline.json: key 'proxy_grpc_metadata' lists metadata to copy from clients");
        }

        @Test
        void channelsWithoutNamespaceAcceptBothTopLevelFlagSpellings() throws Exception {
            for (String flag : List.of("proxy_subscribe_stream", "proxy_stream_subscribe")) {
                NodeConfig config = ConfigLoader.fromJson("""
                        {"proxy_subscribe_stream_endpoint": "grpc://b:1", "%s": true,
                         "proxy_subscribe_stream_bidirectional": true}
                        """.formatted(flag));
                assertThat(config.withoutNamespace().streamBackend()).as(flag).isEqualTo("proxy_subscribe_stream");
                assertThat(config.withoutNamespace().streamBidirectional()).as(flag).isTrue();
            }
        }

        @Test
        void topLevelSeedFlagPrefersTheSeedBackendWhenBothAreConfigured() throws Exception {
            NodeConfig config = ConfigLoader.fromJson("""
                    {"proxy_subscribe_stream_endpoint": "grpc://v5:1", "proxy_stream_subscribe_endpoint": "grpc://seed:1",
                     "proxy_stream_subscribe": true}
                    """);
            assertThat(config.withoutNamespace().streamBackend()).isEqualTo("proxy_stream_subscribe");
            assertThat(config.streamBackends()).containsOnlyKeys("proxy_stream_subscribe", "proxy_subscribe_stream");
        }

        @Test
        void inANamespaceTheSeedFlagNeedsTheSeedEndpoint() {
            assertRefused("""
                    {"proxy_subscribe_stream_endpoint": "grpc://v5:1",
                     "namespaces": [{"name": "streams", "proxy_stream_subscribe": true}]}
                    """, "namespaces[streams].proxy_stream_subscribe",
                    "no endpoint is configured", "set 'proxy_stream_subscribe_endpoint'");
        }

        @Test
        void v5FlagWithoutV5EndpointIsRefused() {
            assertRefused("""
                    {"namespaces": [{"name": "streams", "proxy_subscribe_stream": true}]}
                    """, "namespaces[streams].proxy_subscribe_stream", "set 'proxy_subscribe_stream_endpoint'");
        }

        @Test
        void granularV5StreamProxyNameIsRefused() {
            assertRefused("""
                    {"namespaces": [{"name": "streams", "subscribe_stream_proxy_name": "a"}]}
                    """, "namespaces[streams].subscribe_stream_proxy_name", "granular proxy mode",
                    "proxy_stream_subscribe_backend");
        }
    }

    @Nested
    class SeedKeys {
        @Test
        void allSeedSubscribeSettingsAreRead() throws Exception {
            StreamBackendConfig backend = ConfigLoader.fromJson("""
                    {
                      "proxy_stream_subscribe_endpoint": "grpc://localhost:12000",
                      "proxy_stream_subscribe_grpc_metadata": {"env": "prod"},
                      "proxy_stream_subscribe_http_headers": ["Cookie"],
                      "proxy_stream_subscribe_include_connection_meta": true,
                      "proxy_stream_subscribe_grpc_cert_file": "ca.pem",
                      "proxy_stream_subscribe_grpc_credentials_key": "token",
                      "proxy_stream_subscribe_grpc_credentials_value": "t0k"
                    }
                    """).streamBackends().get("proxy_stream_subscribe");
            assertThat(backend).isEqualTo(new StreamBackendConfig("proxy_stream_subscribe", "grpc://localhost:12000",
                    Contract.PROXY_STREAM, Duration.ofSeconds(1), true, "ca.pem", null,
                    Map.of("env", "prod", "token", "t0k"), List.of("cookie"), true, 2));
        }

        @Test
        void allSeedConnectSettingsAreRead() throws Exception {
            NodeConfig config = ConfigLoader.fromJson("""
                    {
                      "proxy_stream_connect_endpoint": "grpc://localhost:12000",
                      "proxy_stream_connect_timeout": "500ms",
                      "proxy_stream_connect_grpc_metadata": {"a": "b"},
                      "proxy_stream_connect_http_headers": ["Origin"],
                      "proxy_stream_connect_include_connection_meta": true,
                      "proxy_stream_connect_grpc_cert_file": "ca.pem",
                      "proxy_stream_connect_grpc_credentials_key": "k",
                      "proxy_stream_connect_grpc_credentials_value": "v"
                    }
                    """);
            assertThat(config.streamBackends().get("proxy_stream_connect")).isEqualTo(new StreamBackendConfig(
                    "proxy_stream_connect", "grpc://localhost:12000", Contract.PROXY_STREAM, Duration.ofMillis(500),
                    true, "ca.pem", null, Map.of("a", "b", "k", "v"), List.of("origin"), true, 2));
            assertThat(config.connectStream()).isEqualTo(new ConnectStreamConfig("proxy_stream_connect", false));
        }

        @Test
        void credentialsKeyWithoutValueIsRefused() {
            assertRefused("""
                    {"proxy_stream_subscribe_endpoint": "grpc://b:1", "proxy_stream_subscribe_grpc_credentials_key": "k"}
                    """, "proxy_stream_subscribe_grpc_credentials_key",
                    "'proxy_stream_subscribe_grpc_credentials_value' is not");
        }

        @Test
        void implicitBackendsComeInAFixedOrderBeforeExplicitOnes() throws Exception {
            NodeConfig config = ConfigLoader.fromJson("""
                    {"stream_backends": [{"name": "z", "endpoint": "grpc://z:1"}, {"name": "a", "endpoint": "grpc://a:1"}],
                     "proxy_stream_connect_endpoint": "grpc://c:1",
                     "proxy_subscribe_stream_endpoint": "grpc://v:1",
                     "proxy_stream_subscribe_endpoint": "grpc://s:1"}
                    """);
            assertThat(config.streamBackends().keySet()).containsExactly(
                    "proxy_stream_subscribe", "proxy_subscribe_stream", "proxy_stream_connect", "z", "a");
        }

        @Test
        void bidirectionalFlagsWithoutAStreamOnlyWarn() throws Exception {
            LoadedConfig loaded = load("""
                    {"proxy_stream_connect_bidirectional": true,
                     "namespaces": [{"name": "chat", "proxy_stream_subscribe_bidirectional": true}]}
                    """);
            assertThat(loaded.config().connectStream()).isNull();
            assertThat(loaded.config().channelOptions("chat").isStream()).isFalse();
            assertThat(loaded.warnings()).containsExactly(
                    "inline.json: key 'namespaces[chat].proxy_stream_subscribe_bidirectional' has no effect: no"
                            + " subscription stream proxy is enabled here",
                    "inline.json: key 'proxy_stream_connect_bidirectional' has no effect: no connection stream is"
                            + " configured (set proxy_stream_connect_endpoint or proxy_stream_connect_backend)");
        }
    }

    @Nested
    class Granular {
        private static final String OPERATOR_CONFIG = """
                {
                  "stream_backends": [
                    {"name": "logs", "endpoint": "dns:///logs.default.svc.cluster.local:9000"},
                    {"name": "prices", "endpoint": "grpc://prices:9000", "contract": "CentrifugoProxy",
                     "timeout": "2500ms", "tls": true, "tls_cert_file": "/tls/ca.crt", "tls_server_name": "prices.internal",
                     "grpc_metadata": {"X-Team": "quotes"}, "http_headers": ["Authorization"],
                     "include_connection_meta": true, "connections": 8},
                    {"name": "sessions", "endpoint": "grpc://sessions:9000", "contract": "CentrifugoProxyStream"}
                  ],
                  "proxy_stream_connect_backend": "sessions",
                  "proxy_stream_connect_bidirectional": true,
                  "namespaces": [
                    {"name": "logs", "proxy_stream_subscribe_backend": "logs", "presence": true},
                    {"name": "prices", "proxy_stream_subscribe_backend": "prices", "proxy_stream_subscribe_bidirectional": true}
                  ]
                }
                """;

        @Test
        void operatorStyleConfigNormalises() throws Exception {
            LoadedConfig loaded = load(OPERATOR_CONFIG);
            NodeConfig config = loaded.config();
            assertThat(config.streamBackends()).containsExactly(
                    Map.entry("logs", new StreamBackendConfig("logs", "dns:///logs.default.svc.cluster.local:9000",
                            Contract.PROXY_STREAM, Duration.ofSeconds(1), false, null, null, Map.of(), List.of(),
                            false, 2)),
                    Map.entry("prices", new StreamBackendConfig("prices", "grpc://prices:9000",
                            Contract.CENTRIFUGO_PROXY, Duration.ofMillis(2500), true, "/tls/ca.crt", "prices.internal",
                            Map.of("x-team", "quotes"), List.of("authorization"), true, 8)),
                    Map.entry("sessions", new StreamBackendConfig("sessions", "grpc://sessions:9000",
                            Contract.PROXY_STREAM, Duration.ofSeconds(1), false, null, null, Map.of(), List.of(),
                            false, 2)));
            assertThat(config.channelOptions("logs").streamBackend()).isEqualTo("logs");
            assertThat(config.channelOptions("logs").streamBidirectional()).isFalse();
            assertThat(config.channelOptions("logs").presence()).isTrue();
            assertThat(config.channelOptions("prices").streamBackend()).isEqualTo("prices");
            assertThat(config.channelOptions("prices").streamBidirectional()).isTrue();
            assertThat(config.connectStream()).isEqualTo(new ConnectStreamConfig("sessions", true));
            assertThat(loaded.warnings()).isEmpty();
        }

        @Test
        void unknownBackendNameInANamespaceIsRefused() {
            assertRefused("""
                    {"stream_backends": [{"name": "logs", "endpoint": "grpc://l:1"}],
                     "namespaces": [{"name": "x1", "proxy_stream_subscribe_backend": "nope"}]}
                    """, "namespaces[x1].proxy_stream_subscribe_backend",
                    "unknown stream backend 'nope'", "configured: logs");
        }

        @Test
        void unknownConnectBackendIsRefused() {
            assertRefused("""
                    {"proxy_stream_connect_backend": "nope"}
                    """, "proxy_stream_connect_backend", "unknown stream backend 'nope'", "none is configured");
        }

        @Test
        void connectStreamsOnACentrifugoProxyBackendAreRefused() {
            assertRefused("""
                    {"stream_backends": [{"name": "p", "endpoint": "grpc://p:1", "contract": "CentrifugoProxy"}],
                     "proxy_stream_connect_backend": "p"}
                    """, "proxy_stream_connect_backend", "contract CentrifugoProxy", "no connection streams");
        }

        @Test
        void connectEndpointAndConnectBackendTogetherAreRefused() {
            assertRefused("""
                    {"stream_backends": [{"name": "s", "endpoint": "grpc://s:1"}],
                     "proxy_stream_connect_endpoint": "grpc://c:1",
                     "proxy_stream_connect_backend": "s"}
                    """, "proxy_stream_connect_backend", "conflicts with 'proxy_stream_connect_endpoint'");
        }

        @Test
        void twoDifferentSelectionsInOneNamespaceAreRefused() {
            assertRefused("""
                    {"proxy_stream_subscribe_endpoint": "grpc://s:1",
                     "stream_backends": [{"name": "logs", "endpoint": "grpc://l:1"}],
                     "namespaces": [{"name": "x1", "proxy_stream_subscribe": true, "proxy_stream_subscribe_backend": "logs"}]}
                    """, "namespaces[x1].proxy_stream_subscribe_backend", "selects stream backend 'logs'",
                    "'namespaces[x1].proxy_stream_subscribe' already selects 'proxy_stream_subscribe'");
        }

        @Test
        void theSameBackendSelectedTwoWaysIsFine() throws Exception {
            NodeConfig config = ConfigLoader.fromJson("""
                    {"proxy_stream_subscribe_endpoint": "grpc://s:1",
                     "namespaces": [{"name": "x1", "proxy_stream_subscribe": true,
                                     "proxy_stream_subscribe_backend": "proxy_stream_subscribe"}]}
                    """);
            assertThat(config.channelOptions("x1").streamBackend()).isEqualTo("proxy_stream_subscribe");
        }

        @Test
        void missingEndpointIsRefused() {
            assertRefused("""
                    {"stream_backends": [{"name": "logs"}]}
                    """, "stream_backends[logs].endpoint", "missing", "needs an endpoint");
        }

        @Test
        void missingNameIsRefused() {
            assertRefused("""
                    {"stream_backends": [{"endpoint": "grpc://l:1"}]}
                    """, "stream_backends[0].name", "missing", "needs a name");
        }

        @Test
        void implicitNamesAreReserved() {
            assertRefused("""
                    {"stream_backends": [{"name": "proxy_stream_subscribe", "endpoint": "grpc://l:1"}]}
                    """, "stream_backends[proxy_stream_subscribe].name", "reserved");
        }

        @Test
        void duplicateNamesInOneFileAreRefused() {
            assertRefused("""
                    {"stream_backends": [{"name": "a", "endpoint": "grpc://a:1"}, {"name": "a", "endpoint": "grpc://b:1"}]}
                    """, "stream_backends[a].name", "duplicate stream backend name 'a'");
        }

        @Test
        void badContractIsRefused() {
            assertRefused("""
                    {"stream_backends": [{"name": "a", "endpoint": "grpc://a:1", "contract": "grpc"}]}
                    """, "stream_backends[a].contract", "\"CentrifugoProxyStream\"", "\"CentrifugoProxy\"", "got \"grpc\"");
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 65, -1})
        void connectionsOutsideOneToSixtyFourAreRefused(int connections) {
            assertRefused("""
                    {"stream_backends": [{"name": "a", "endpoint": "grpc://a:1", "connections": %d}]}
                    """.formatted(connections), "stream_backends[a].connections", "between 1 and 64");
        }

        @Test
        void poolBoundAndMessageSizeAreReadPerBackendInBothSpellings() throws Exception {
            NodeConfig config = ConfigLoader.fromJson("""
                    {
                      "proxy_stream_subscribe_endpoint": "grpc://seed:1",
                      "proxy_stream_subscribe_max_connections": 4,
                      "proxy_stream_subscribe_grpc_max_receive_message_size": 16777216,
                      "proxy_stream_connect_endpoint": "grpc://connect:1",
                      "proxy_stream_connect_max_connections": 1,
                      "proxy_subscribe_stream_endpoint": "grpc://v5:1",
                      "stream_backends": [
                        {"name": "big", "endpoint": "grpc://big:1", "connections": 3, "max_connections": 3,
                         "grpc_max_receive_message_size": 1024},
                        {"name": "plain", "endpoint": "grpc://plain:1"}
                      ]
                    }
                    """);
            var backends = config.streamBackends();
            assertThat(backends.get("proxy_stream_subscribe")).extracting("connections", "maxConnections",
                    "maxReceiveMessageSize").containsExactly(2, 4, 16 * 1024 * 1024);
            assertThat(backends.get("proxy_stream_connect")).as("a bound below the default keeps fewer")
                    .extracting("connections", "maxConnections").containsExactly(1, 1);
            assertThat(backends.get("big")).extracting("connections", "maxConnections", "maxReceiveMessageSize")
                    .containsExactly(3, 3, 1024);
            for (String defaults : List.of("plain", "proxy_subscribe_stream")) {
                assertThat(backends.get(defaults)).as(defaults)
                        .extracting("connections", "maxConnections", "maxReceiveMessageSize")
                        .containsExactly(2, StreamBackendConfig.DEFAULT_MAX_CONNECTIONS, 4 * 1024 * 1024);
            }
        }

        @Test
        void aPoolBoundBelowItsConnectionsIsRefused() {
            assertRefused("""
                    {"stream_backends": [{"name": "a", "endpoint": "grpc://a:1", "connections": 8, "max_connections": 4}]}
                    """, "stream_backends[a].max_connections", "is 4, below 'connections' (8)");
        }

        @Test
        void aMessageSizeBelowOneKibibyteIsRefused() {
            assertRefused("""
                    {"proxy_stream_subscribe_endpoint": "grpc://b:1", "proxy_stream_subscribe_grpc_max_receive_message_size": 100}
                    """, "proxy_stream_subscribe_grpc_max_receive_message_size", "at least 1024");
        }

        @Test
        void unknownKeyInABackendSuggestsTheNearestOne() {
            assertRefused("""
                    {"stream_backends": [{"name": "a", "endpont": "grpc://a:1"}]}
                    """, "stream_backends[a].endpont", "unknown key", "did you mean 'endpoint'?");
        }

        @Test
        void namespaceKeysAreNotBackendKeys() {
            assertRefused("""
                    {"stream_backends": [{"name": "a", "endpoint": "grpc://a:1", "presence": true}]}
                    """, "stream_backends[a].presence", "unknown key");
        }
    }

    @Nested
    class Refusals {
        @ParameterizedTest
        @ValueSource(strings = {"\"proxy_subscribe\": true", "\"proxy_publish\": true", "\"proxy_sub_refresh\": true",
                "\"subscribe_proxy_name\": \"p\"", "\"publish_proxy_name\": \"p\"", "\"sub_refresh_proxy_name\": \"p\""})
        void streamProxyCombinedWithAnotherProxyIsRefused(String otherProxy) {
            String key = otherProxy.substring(1, otherProxy.indexOf('"', 1));
            assertRefused("""
                    {"proxy_stream_subscribe_endpoint": "grpc://s:1",
                     "namespaces": [{"name": "streams", "proxy_stream_subscribe": true, %s}]}
                    """.formatted(otherProxy), "namespaces[streams]." + key,
                    "cannot be combined with a stream proxy", "'namespaces[streams].proxy_stream_subscribe' enables one");
        }

        @Test
        void otherProxiesSwitchedOffDoNotConflict() throws Exception {
            LoadedConfig loaded = load("""
                    {"proxy_stream_subscribe_endpoint": "grpc://s:1",
                     "namespaces": [{"name": "streams", "proxy_stream_subscribe": true, "proxy_subscribe": false}]}
                    """);
            assertThat(loaded.config().channelOptions("streams").isStream()).isTrue();
            assertThat(loaded.warnings()).containsExactly("inline.json: key 'namespaces[streams].proxy_subscribe' is a"
                    + " Centrifugo option Sluice does not use; ignored");
        }

        @Test
        void unaryProxiesWithoutAStreamProxyAreRefusedRatherThanIgnored() {
            assertRefused("""
                    {"namespaces": [{"name": "chat", "proxy_publish": true, "allow_publish_for_client": true}]}
                    """, "namespaces[chat].proxy_publish", "not implemented in Sluice");
        }

        @Test
        void conflictAppliesToChannelsWithoutNamespaceToo() {
            assertRefused("""
                    {"proxy_stream_subscribe_endpoint": "grpc://s:1", "proxy_stream_subscribe": true, "proxy_subscribe": true}
                    """, "proxy_subscribe", "cannot be combined with a stream proxy");
        }

        @ParameterizedTest
        @ValueSource(strings = {"http://localhost:12000", "https://backend:443", "HTTP://x:1"})
        void httpEndpointsAreRefused(String endpoint) {
            assertRefused("""
                    {"proxy_stream_subscribe_endpoint": "%s"}
                    """.formatted(endpoint), "proxy_stream_subscribe_endpoint", "only gRPC endpoints are supported");
        }

        @ParameterizedTest
        @ValueSource(strings = {"localhost:12000", "grpc://localhost", "grpc://localhost:0", "grpc://localhost:65536",
                "dns://localhost:1", "dns:///host", "grpc://host:1/path", "unix:///tmp/sock", "grpc://:1"})
        void malformedEndpointsAreRefused(String endpoint) {
            assertRefused("""
                    {"stream_backends": [{"name": "a", "endpoint": "%s"}]}
                    """.formatted(endpoint), "stream_backends[a].endpoint",
                    "expected a gRPC endpoint grpc://host:port or dns:///host:port");
        }

        @ParameterizedTest
        @ValueSource(strings = {"grpc://localhost:1", "grpc://10.0.0.7:65535", "grpc://[::1]:9000",
                "dns:///backend.ns.svc.cluster.local:9000", "grpc://my-backend:12000"})
        void wellFormedEndpointsAreAccepted(String endpoint) throws Exception {
            NodeConfig config = ConfigLoader.fromJson("""
                    {"stream_backends": [{"name": "a", "endpoint": "%s"}]}
                    """.formatted(endpoint));
            assertThat(config.streamBackends().get("a").endpoint()).isEqualTo(endpoint);
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"5s\"", "\"5000ms\"", "\"1m\"", "5", "\"4s1000ms\""})
        void streamTimeoutsOfFiveSecondsOrMoreAreRefused(String timeout) {
            assertRefused("""
                    {"stream_backends": [{"name": "a", "endpoint": "grpc://a:1", "timeout": %s}]}
                    """.formatted(timeout), "stream_backends[a].timeout",
                    "is too long", "below 5s", "SDKs give up on a subscribe", "after 5 s");
            assertRefused("""
                    {"proxy_subscribe_stream_timeout": %s}
                    """.formatted(timeout), "proxy_subscribe_stream_timeout", "is too long");
            assertRefused("""
                    {"proxy_stream_connect_timeout": %s}
                    """.formatted(timeout), "proxy_stream_connect_timeout", "is too long");
        }

        @Test
        void streamTimeoutJustBelowFiveSecondsIsAccepted() throws Exception {
            NodeConfig config = ConfigLoader.fromJson("""
                    {"stream_backends": [{"name": "a", "endpoint": "grpc://a:1", "timeout": "4.999s"}]}
                    """);
            assertThat(config.streamBackends().get("a").timeout()).isEqualTo(Duration.ofMillis(4999));
        }

        @Test
        void zeroStreamTimeoutIsRefused() {
            assertRefused("""
                    {"proxy_stream_subscribe_timeout": "0s"}
                    """, "proxy_stream_subscribe_timeout", "must be longer than 0s");
        }
    }
}
