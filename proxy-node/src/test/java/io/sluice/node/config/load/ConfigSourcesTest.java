package io.sluice.node.config.load;

import io.sluice.node.config.ConfigException;
import io.sluice.node.config.NodeConfig;
import static io.sluice.node.config.load.ConfigTestSupport.assertRefused;
import static io.sluice.node.config.load.ConfigTestSupport.assertSameConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files (JSON, YAML, guessed), merging several files, and SLUICE_* environment overrides. */
class ConfigSourcesTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private static ConfigException refusal(List<Path> files, Map<String, String> env) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(files, env));
        assertThat(e).as("expected a refusal").isNotNull();
        return e;
    }

    private static final String RICH_JSON = """
            {
              "port": 9000,
              "address": "127.0.0.1",
              "token_hmac_secret_key": "secret",
              "ping_interval": "20s",
              "pong_timeout": 5,
              "engine": "redis",
              "redis_address": ["redis://r1:6379", "redis://r2:6379"],
              "allow_subscribe_for_client": true,
              "admin": true,
              "proxy_stream_subscribe_endpoint": "grpc://backend:12000",
              "proxy_stream_subscribe_grpc_metadata": {"team": "streams"},
              "stream_backends": [
                {"name": "logs", "endpoint": "dns:///logs:9000", "timeout": "1500ms", "http_headers": ["Authorization"]}
              ],
              "namespaces": [
                {"name": "streams", "proxy_stream_subscribe": true, "presence": true, "channel_regex": "^[a-z0-9-]+$"},
                {"name": "logs", "proxy_stream_subscribe_backend": "logs", "proxy_stream_subscribe_bidirectional": true,
                 "history_size": 10}
              ]
            }
            """;

    private static final String RICH_YAML = """
            # The same configuration as RICH_JSON.
            port: 9000
            address: 127.0.0.1
            token_hmac_secret_key: secret
            ping_interval: 20s
            pong_timeout: 5
            engine: redis
            redis_address:
              - redis://r1:6379
              - redis://r2:6379
            allow_subscribe_for_client: true
            admin: true
            proxy_stream_subscribe_endpoint: grpc://backend:12000
            proxy_stream_subscribe_grpc_metadata:
              team: streams
            stream_backends:
              - name: logs
                endpoint: dns:///logs:9000
                timeout: 1500ms
                http_headers: [Authorization]
            namespaces:
              - name: streams
                proxy_stream_subscribe: true
                presence: true
                channel_regex: '^[a-z0-9-]+$'
              - name: logs
                proxy_stream_subscribe_backend: logs
                proxy_stream_subscribe_bidirectional: true
                history_size: 10
            """;

    @Nested
    class Formats {
        @Test
        void yamlAndJsonGiveTheSameConfigAndWarnings() throws Exception {
            LoadedConfig json = ConfigLoader.load(List.of(write("config.json", RICH_JSON)), Map.of());
            LoadedConfig yaml = ConfigLoader.load(List.of(write("config.yaml", RICH_YAML)), Map.of());
            LoadedConfig yml = ConfigLoader.load(List.of(write("config.yml", RICH_YAML)), Map.of());
            assertSameConfig(yaml.config(), json.config());
            assertSameConfig(yml.config(), json.config());
            assertThat(yaml.warnings()).hasSize(2).allMatch(w -> w.startsWith(dir.resolve("config.yaml") + ": key '"));
            assertThat(json.warnings()).hasSize(2);
            assertThat(json.config().port()).isEqualTo(9000);
            assertThat(json.config().pongTimeout()).isEqualTo(Duration.ofSeconds(5));
            assertThat(json.config().channelOptions("streams").channelRegex().pattern()).isEqualTo("^[a-z0-9-]+$");
            assertThat(json.config().engine().redisAddress()).containsExactly("redis://r1:6379", "redis://r2:6379");
        }

        @Test
        void otherExtensionsAreTriedAsJsonThenYaml() throws Exception {
            NodeConfig fromJson = ConfigLoader.load(List.of(write("sluice.conf", RICH_JSON)), Map.of()).config();
            NodeConfig fromYaml = ConfigLoader.load(List.of(write("sluice", RICH_YAML)), Map.of()).config();
            assertSameConfig(fromYaml, fromJson);
        }

        @Test
        void jsonParseErrorNamesFileLineAndColumn() throws Exception {
            Path file = write("broken.json", "{\n  \"port\": 9000\n  \"address\": \"x\"\n}\n");
            assertThat(refusal(List.of(file), Map.of()))
                    .hasMessageStartingWith("config error in " + file + " at line 3, column ")
                    .hasMessageContaining("cannot parse");
        }

        @Test
        void yamlParseErrorNamesFileLineAndColumn() throws Exception {
            Path file = write("broken.yaml", "port: 9000\nnamespaces:\n  - name: a\n   presence: true\n");
            assertThat(refusal(List.of(file), Map.of()))
                    .hasMessageStartingWith("config error in " + file + " at line ")
                    .hasMessageContaining(", column ");
        }

        @Test
        void malformedJsonWithAnUnknownExtensionReportsTheJsonError() throws Exception {
            Path file = write("sluice.conf", "{\"port\": }");
            assertThat(refusal(List.of(file), Map.of()))
                    .hasMessageStartingWith("config error in " + file + " at line 1, column ");
        }

        @Test
        void duplicateKeysInOneFileAreRefused() throws Exception {
            Path file = write("dup.json", "{\n  \"port\": 1,\n  \"port\": 2\n}");
            assertThat(refusal(List.of(file), Map.of()))
                    .hasMessageStartingWith("config error in " + file + " at line 3")
                    .hasMessageContaining("Duplicate field 'port'");
        }

        @Test
        void missingFileIsRefused() {
            Path file = dir.resolve("absent.json");
            assertThat(refusal(List.of(file), Map.of()))
                    .hasMessageStartingWith("config error in " + file + ": no such file");
        }

        @Test
        void topLevelValueMustBeAnObject() throws Exception {
            for (String text : List.of("[1, 2]", "42", "\"port\"", "")) {
                Path file = write("top.json", text);
                assertThat(refusal(List.of(file), Map.of()))
                        .hasMessageStartingWith("config error in " + file + ": the top-level value must be an object");
            }
            Path yaml = write("top.yaml", "- port: 1\n");
            assertThat(refusal(List.of(yaml), Map.of())).hasMessageContaining("got an array");
        }
    }

    @Nested
    class Merging {
        @Test
        void laterFilesOverrideTopLevelKeysAndMergeNamespacesAndBackendsByName() throws Exception {
            Path base = write("base.json", """
                    {
                      "port": 8000,
                      "token_hmac_secret_key": "base-secret",
                      "proxy_stream_subscribe_endpoint": "grpc://old:1",
                      "stream_backends": [{"name": "logs", "endpoint": "grpc://logs:1"}],
                      "namespaces": [
                        {"name": "chat", "presence": true, "join_leave": false},
                        {"name": "streams", "proxy_stream_subscribe": true}
                      ]
                    }
                    """);
            Path routing = write("routing.yaml", """
                    port: 8100
                    proxy_stream_subscribe_endpoint: grpc://new:1
                    stream_backends:
                      - name: logs
                        timeout: 2s
                      - name: prices
                        endpoint: grpc://prices:1
                    namespaces:
                      - name: chat
                        join_leave: true
                      - name: prices
                        proxy_stream_subscribe_backend: prices
                    """);
            NodeConfig config = ConfigLoader.load(List.of(base, routing), Map.of()).config();
            assertThat(config.port()).isEqualTo(8100);
            assertThat(config.token().hmacSecretKey()).isEqualTo("base-secret");
            assertThat(config.namespaces().keySet()).containsExactly("chat", "streams", "prices");
            assertThat(config.channelOptions("chat").presence()).isTrue();
            assertThat(config.channelOptions("chat").joinLeave()).isTrue();
            assertThat(config.channelOptions("streams").streamBackend()).isEqualTo("proxy_stream_subscribe");
            assertThat(config.channelOptions("prices").streamBackend()).isEqualTo("prices");
            assertThat(config.streamBackends().get("proxy_stream_subscribe").endpoint()).isEqualTo("grpc://new:1");
            assertThat(config.streamBackends().get("logs").endpoint()).isEqualTo("grpc://logs:1");
            assertThat(config.streamBackends().get("logs").timeout()).isEqualTo(Duration.ofSeconds(2));
            assertThat(config.streamBackends().keySet()).containsExactly("proxy_stream_subscribe", "logs", "prices");
        }

        @Test
        void errorsNameTheFileTheBadValueCameFrom() throws Exception {
            Path base = write("base.json", """
                    {"namespaces": [{"name": "chat", "presence": true}]}
                    """);
            Path second = write("second.yaml", """
                    namespaces:
                      - name: chat
                        presence: "yes"
                    """);
            assertRefused(refusal(List.of(base, second), Map.of()), second.toString(), "namespaces[chat].presence",
                    "expected a boolean", "string \"yes\"");

            Path badFirst = write("first.json", """
                    {"ping_interval": "soon"}
                    """);
            Path fine = write("fine.json", """
                    {"port": 8001}
                    """);
            assertRefused(refusal(List.of(badFirst, fine), Map.of()), badFirst.toString(), "ping_interval",
                    "expected a duration");
        }

        @Test
        void unknownKeyInTheSecondFileNamesTheSecondFile() throws Exception {
            Path base = write("base.json", "{\"port\": 8000}");
            Path second = write("second.json", "{\"pong_timout\": \"5s\"}");
            assertRefused(refusal(List.of(base, second), Map.of()), second.toString(), "pong_timout",
                    "did you mean 'pong_timeout'?");
        }

        @Test
        void aKeyIgnoredInTwoFilesWarnsOnce() throws Exception {
            Path a = write("a.json", "{\"admin\": true}");
            Path b = write("b.json", "{\"admin\": false}");
            assertThat(ConfigLoader.load(List.of(a, b), Map.of()).warnings())
                    .containsExactly(b + ": key 'admin' is a Centrifugo option Sluice does not use; ignored");
        }

        @Test
        void aBackendDefinedInTheFirstFileCanBeSelectedInTheSecond() throws Exception {
            Path a = write("a.json", "{\"stream_backends\": [{\"name\": \"logs\", \"endpoint\": \"grpc://l:1\"}]}");
            Path b = write("b.json", "{\"namespaces\": [{\"name\": \"logs\", \"proxy_stream_subscribe_backend\": \"logs\"}]}");
            assertThat(ConfigLoader.load(List.of(a, b), Map.of()).config().channelOptions("logs").streamBackend())
                    .isEqualTo("logs");
        }

        @Test
        void aMissingOptionalFileAddsNothingWhileAMissingRequiredOneIsRefused() throws Exception {
            Path base = write("base.json", "{\"port\": 8001}");
            Path routing = dir.resolve("routing.json");

            NodeConfig config = ConfigLoader.load(List.of(base, routing), Set.of(routing), Map.of()).config();
            assertThat(config.port()).isEqualTo(8001);
            assertThat(config.namespaces()).isEmpty();
            assertThat(config.streamBackends()).isEmpty();
            assertThat(refusal(List.of(base, routing), Map.of())).hasMessageContaining(routing + ": no such file");

            write("routing.json", "{\"namespaces\": [{\"name\": \"chat\"}]}");
            assertThat(ConfigLoader.load(List.of(base, routing), Set.of(routing), Map.of()).config().namespaces())
                    .containsOnlyKeys("chat");
        }
    }

    @Nested
    class Environment {
        @Test
        void overridesSecretAndPort() throws Exception {
            Path file = write("config.json", "{\"token_hmac_secret_key\": \"from-file\", \"port\": 8000}");
            LoadedConfig loaded = ConfigLoader.load(List.of(file),
                    Map.of("SLUICE_TOKEN_HMAC_SECRET_KEY", "from-env", "SLUICE_PORT", "9100",
                            "SLUICE_API_KEY", "api-secret", "SLUICE_ENGINE", "redis"));
            assertThat(loaded.config().token().hmacSecretKey()).isEqualTo("from-env");
            assertThat(loaded.config().port()).isEqualTo(9100);
            assertThat(loaded.config().apiKey()).isEqualTo("api-secret");
            assertThat(loaded.config().engine().isRedis()).isTrue();
            assertThat(loaded.warnings()).isEmpty();
        }

        @Test
        void badIntegerNamesTheEnvironmentAndTheVariable() {
            assertRefused(refusal(List.of(), Map.of("SLUICE_PORT", "eighty")), "environment", "SLUICE_PORT",
                    "expected an integer, got \"eighty\"");
            assertRefused(refusal(List.of(), Map.of("SLUICE_PORT", "0")), "environment", "SLUICE_PORT",
                    "between 1 and 65535");
        }

        @Test
        void badValuesOfOtherTypesNameTheVariable() {
            assertRefused(refusal(List.of(), Map.of("SLUICE_CLIENT_INSECURE", "yes")), "environment",
                    "SLUICE_CLIENT_INSECURE", "expected true or false");
            assertRefused(refusal(List.of(), Map.of("SLUICE_PING_INTERVAL", "often")), "environment",
                    "SLUICE_PING_INTERVAL", "expected a duration");
            assertRefused(refusal(List.of(), Map.of("SLUICE_PROXY_STREAM_SUBSCRIBE_TIMEOUT", "5s")), "environment",
                    "SLUICE_PROXY_STREAM_SUBSCRIBE_TIMEOUT", "SDKs give up on a subscribe");
            assertRefused(refusal(List.of(), Map.of("SLUICE_ENGINE", "nats")), "environment", "SLUICE_ENGINE",
                    "expected one of memory, redis");
        }

        @Test
        void convertsEveryScalarTypeAndCommaSeparatedLists() throws Exception {
            NodeConfig config = ConfigLoader.load(List.of(), Map.of(
                    "SLUICE_CLIENT_INSECURE", "TRUE",
                    "SLUICE_PING_INTERVAL", "30",
                    "SLUICE_PONG_TIMEOUT", "10s",
                    "SLUICE_PRESENCE", "1",
                    "SLUICE_REDIS_ADDRESS", "redis://a:6379, redis://b:6379,",
                    "SLUICE_PROXY_STREAM_SUBSCRIBE_ENDPOINT", "grpc://b:1",
                    "SLUICE_PROXY_STREAM_SUBSCRIBE_HTTP_HEADERS", "Authorization,X-Id",
                    "SLUICE_PROXY_STREAM_SUBSCRIBE", "true")).config();
            assertThat(config.clientInsecure()).isTrue();
            assertThat(config.pingInterval()).isEqualTo(Duration.ofSeconds(30));
            assertThat(config.pongTimeout()).isEqualTo(Duration.ofSeconds(10));
            assertThat(config.withoutNamespace().presence()).isTrue();
            assertThat(config.withoutNamespace().streamBackend()).isEqualTo("proxy_stream_subscribe");
            assertThat(config.engine().redisAddress()).containsExactly("redis://a:6379", "redis://b:6379");
            assertThat(config.streamBackends().get("proxy_stream_subscribe").httpHeaders())
                    .containsExactly("authorization", "x-id");
        }

        @Test
        void unknownAndObjectValuedVariablesAreIgnoredSilently() throws Exception {
            LoadedConfig loaded = ConfigLoader.load(List.of(), Map.of(
                    "SLUICE_NO_SUCH_KEY", "x",
                    "SLUICE_NAMESPACES", "[]",
                    "SLUICE_PROXY_STREAM_SUBSCRIBE_GRPC_METADATA", "{}",
                    "SLUICE_ADMIN", "true",
                    "PORT", "1"));
            assertSameConfig(loaded.config(), ConfigLoader.fromJson("{}"));
            assertThat(loaded.warnings()).isEmpty();
        }
    }
}
