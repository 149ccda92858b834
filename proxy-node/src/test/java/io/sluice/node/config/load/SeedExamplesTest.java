package io.sluice.node.config.load;

import io.sluice.node.config.ChannelOptions;
import io.sluice.node.config.ConfigException;
import io.sluice.node.config.NodeConfig;
import io.sluice.node.config.StreamBackendConfig;
import static io.sluice.node.config.load.ConfigTestSupport.assertRefused;
import static io.sluice.node.config.load.ConfigTestSupport.load;
import static io.sluice.node.config.load.ConfigTestSupport.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.node.config.StreamBackendConfig.Contract;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The config.json examples of the two seed specs, verbatim except that "..." is left out. */
class SeedExamplesTest {

    private static final StreamBackendConfig SEED_SUBSCRIBE_BACKEND = new StreamBackendConfig(
            "proxy_stream_subscribe", "grpc://localhost:12000", Contract.PROXY_STREAM, Duration.ofSeconds(3),
            false, null, null, Map.of(), List.of(), false, 2);

    @Nested
    class Seed001 {
        @Test
        void subscribeEndpointAloneDefinesTheBackendButEnablesNoNamespace() throws Exception {
            LoadedConfig loaded = load("""
                    {
                     \s
                      "proxy_stream_subscribe_endpoint": "grpc://localhost:12000",
                      "proxy_stream_subscribe_timeout": "3s"
                    }
                    """);
            NodeConfig config = loaded.config();
            assertThat(config.streamBackends()).containsExactly(Map.entry("proxy_stream_subscribe", SEED_SUBSCRIBE_BACKEND));
            assertThat(config.namespaces()).isEmpty();
            assertThat(config.withoutNamespace().isStream()).isFalse();
            assertThat(config.connectStream()).isNull();
            assertThat(loaded.warnings()).isEmpty();
        }

        @Test
        void unidirectionalSubscriptionStreams() throws Exception {
            LoadedConfig loaded = load("""
                    {
                     \s
                      "proxy_stream_subscribe_endpoint": "grpc://localhost:12000",
                      "proxy_stream_subscribe_timeout": "3s",
                      "namespaces": [
                        {
                            "name": "streams",
                            "proxy_stream_subscribe": true
                        }
                      ]
                    }
                    """);
            NodeConfig config = loaded.config();
            assertThat(config.streamBackends()).containsExactly(Map.entry("proxy_stream_subscribe", SEED_SUBSCRIBE_BACKEND));
            ChannelOptions streams = config.channelOptions("streams");
            assertThat(streams.name()).isEqualTo("streams");
            assertThat(streams.streamBackend()).isEqualTo("proxy_stream_subscribe");
            assertThat(streams.streamBidirectional()).isFalse();
            assertThat(config.channelOptions("").isStream()).isFalse();
            assertThat(config.connectStream()).isNull();
            assertThat(loaded.warnings()).isEmpty();
        }

        @Test
        void bidirectionalSubscriptionStreams() throws Exception {
            LoadedConfig loaded = load("""
                    {
                     \s
                      "proxy_stream_subscribe_endpoint": "grpc://localhost:12000",
                      "proxy_stream_subscribe_timeout": "3s",
                      "namespaces": [
                        {
                            "name": "streams",
                            "proxy_stream_subscribe": true,
                            "proxy_stream_subscribe_bidirectional": true
                        }
                      ]
                    }
                    """);
            ChannelOptions streams = loaded.config().channelOptions("streams");
            assertThat(streams.streamBackend()).isEqualTo("proxy_stream_subscribe");
            assertThat(streams.streamBidirectional()).isTrue();
            assertThat(loaded.config().streamBackends()).containsOnlyKeys("proxy_stream_subscribe");
            assertThat(loaded.warnings()).isEmpty();
        }

        @Test
        void unidirectionalConnectionStreams() throws Exception {
            LoadedConfig loaded = load("""
                    {
                     \s
                      "proxy_stream_connect_endpoint": "grpc://localhost:12000",
                      "proxy_stream_connect_timeout": "3s"
                    }
                    """);
            NodeConfig config = loaded.config();
            assertThat(config.connectStream()).isEqualTo(new NodeConfig.ConnectStreamConfig("proxy_stream_connect", false));
            assertThat(config.streamBackends()).containsExactly(Map.entry("proxy_stream_connect",
                    new StreamBackendConfig("proxy_stream_connect", "grpc://localhost:12000", Contract.PROXY_STREAM,
                            Duration.ofSeconds(3), false, null, null, Map.of(), List.of(), false, 2)));
            assertThat(config.withoutNamespace().isStream()).isFalse();
            assertThat(loaded.warnings()).isEmpty();
        }

        @Test
        void bidirectionalConnectionStreams() throws Exception {
            LoadedConfig loaded = load("""
                    {
                     \s
                      "proxy_stream_connect_endpoint": "grpc://localhost:12000",
                      "proxy_stream_connect_timeout": "3s",
                      "proxy_stream_connect_bidirectional": true
                    }
                    """);
            assertThat(loaded.config().connectStream())
                    .isEqualTo(new NodeConfig.ConnectStreamConfig("proxy_stream_connect", true));
            assertThat(loaded.config().streamBackends().get("proxy_stream_connect").timeout())
                    .isEqualTo(Duration.ofSeconds(3));
            assertThat(loaded.warnings()).isEmpty();
        }
    }

    @Nested
    class Seed000 {
        private static final String UNIDIRECTIONAL = """
                {
                 \s
                  "proxy_stream_endpoint": "grpc://localhost:12000",
                  "proxy_stream_timeout": "5s",
                  "namespaces": [
                    {
                        "name": "streams",
                        "proxy_stream": true
                    }
                  ]
                }
                """;

        private static final String BIDIRECTIONAL = """
                {
                 \s
                  "proxy_stream_endpoint": "grpc://localhost:12000",
                  "proxy_stream_timeout": "5s",
                  "namespaces": [
                    {
                        "name": "streams",
                        "proxy_stream": true,
                        "proxy_stream_bidirectional": true
                    }
                  ]
                }
                """;

        @Test
        void theFiveSecondTimeoutOfTheNamespaceExamplesIsRefusedWithTheSdkExplanation() {
            for (String example : List.of(UNIDIRECTIONAL, BIDIRECTIONAL)) {
                assertRefused(example, "proxy_stream_timeout",
                        "timeout 5s is too long", "below 5s", "SDKs give up on a subscribe", "after 5 s");
            }
        }

        @Test
        void theFirstExampleIsRefusedForItsEndpointPathFirstThenForItsTimeout() {
            // Problems are reported in file order; this example has two (a path and a 5s timeout).
            String verbatim = """
                    {
                     \s
                      "proxy_stream_endpoint": "grpc://localhost:3000/centrifugo/subscribe",
                      "proxy_stream_timeout": "5s"
                    }
                    """;
            assertRefused(verbatim, "proxy_stream_endpoint", "grpc://host:port", "no path");
            assertRefused(verbatim.replace("/centrifugo/subscribe", ""), "proxy_stream_timeout",
                    "timeout 5s is too long", "SDKs give up on a subscribe", "after 5 s");
        }

        @Test
        void keysLoadAsAliasesOfTheSeed001SubscribeKeysWithOneWarningEach() throws Exception {
            LoadedConfig loaded = load(BIDIRECTIONAL.replace("\"5s\"", "\"3s\""));
            NodeConfig config = loaded.config();
            assertThat(config.streamBackends()).containsExactly(Map.entry("proxy_stream_subscribe", SEED_SUBSCRIBE_BACKEND));
            assertThat(config.channelOptions("streams").streamBackend()).isEqualTo("proxy_stream_subscribe");
            assertThat(config.channelOptions("streams").streamBidirectional()).isTrue();
            assertThat(loaded.warnings()).containsExactly(
                    "inline.json: key 'proxy_stream_endpoint' is a superseded seed-000 key: use"
                            + " 'proxy_stream_subscribe_endpoint' (seed 001) instead; read as 'proxy_stream_subscribe_endpoint'",
                    "inline.json: key 'proxy_stream_timeout' is a superseded seed-000 key: use"
                            + " 'proxy_stream_subscribe_timeout' (seed 001) instead; read as 'proxy_stream_subscribe_timeout'",
                    "inline.json: key 'namespaces[streams].proxy_stream' is a superseded seed-000 key: use"
                            + " 'proxy_stream_subscribe' (seed 001) instead; read as 'proxy_stream_subscribe'",
                    "inline.json: key 'namespaces[streams].proxy_stream_bidirectional' is a superseded seed-000 key:"
                            + " use 'proxy_stream_subscribe_bidirectional' (seed 001) instead; read as"
                            + " 'proxy_stream_subscribe_bidirectional'");
        }

        @Test
        void unidirectionalExampleWithAShorterTimeoutSelectsTheSeedBackend() throws Exception {
            NodeConfig config = ConfigLoader.fromJson(UNIDIRECTIONAL.replace("\"5s\"", "\"3s\""));
            assertThat(config.channelOptions("streams").streamBackend()).isEqualTo("proxy_stream_subscribe");
            assertThat(config.channelOptions("streams").streamBidirectional()).isFalse();
        }

        @Test
        void aliasAndNewSpellingInOneFileAreRefused() {
            assertRefused("""
                    {
                      "proxy_stream_subscribe_endpoint": "grpc://localhost:12000",
                      "proxy_stream_endpoint": "grpc://localhost:12001"
                    }
                    """, "proxy_stream_endpoint", "same option as 'proxy_stream_subscribe_endpoint'");
        }

        @Test
        void refusalNamesTheKeyAsWrittenInsideANamespace() {
            ConfigException e = refusal("""
                    {"namespaces": [{"name": "streams", "proxy_stream": "yes"}]}
                    """);
            assertRefused(e, "inline.json", "namespaces[streams].proxy_stream", "expected a boolean", "string \"yes\"");
        }
    }
}
