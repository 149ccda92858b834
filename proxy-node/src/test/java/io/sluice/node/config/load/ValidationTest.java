package io.sluice.node.config.load;

import io.sluice.node.config.NodeConfig;
import static io.sluice.node.config.load.ConfigTestSupport.assertRefused;
import static io.sluice.node.config.load.ConfigTestSupport.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Refusal rules outside stream routing: unknown keys, types, durations, limits, names, engine. */
class ValidationTest {

    @Nested
    class UnknownKeys {
        @ParameterizedTest
        @CsvSource({
                "ping_intervl, ping_interval",
                "pong_timout, pong_timeout",
                "token_hmac_secret, token_hmac_secret_key",
                "proxy_stream_subscribe_endpiont, proxy_stream_subscribe_endpoint",
                "prt, port",
                "allow_subscribe_for_clients, allow_subscribe_for_client",
                "stream_backend, stream_backends"})
        void typosGetASuggestion(String typo, String suggestion) {
            assertRefused("{\"" + typo + "\": 1}", typo,
                    "unknown key: neither a Sluice option nor a known Centrifugo v5 option",
                    "did you mean '" + suggestion + "'?");
        }

        @Test
        void farFromAnyKeyGetsNoSuggestion() {
            assertThat(refusal("{\"frobnicate_everything\": true}"))
                    .hasMessage("config error in inline.json: key 'frobnicate_everything': unknown key: neither a"
                            + " Sluice option nor a known Centrifugo v5 option");
        }

        @Test
        void namespaceTyposNameTheNamespace() {
            assertRefused("{\"namespaces\": [{\"name\": \"chat\", \"presense\": true}]}", "namespaces[chat].presense",
                    "did you mean 'presence'?");
        }

        @Test
        void topLevelOnlyKeysAreUnknownInsideANamespace() {
            assertRefused("{\"namespaces\": [{\"name\": \"chat\", \"port\": 8000}]}", "namespaces[chat].port",
                    "unknown key");
            assertRefused("{\"namespaces\": [{\"name\": \"chat\", \"admin\": true}]}", "namespaces[chat].admin",
                    "unknown key");
        }

        @Test
        void centrifugoV6SectionsAreExplained() {
            assertRefused("{\"client\": {\"token\": {\"hmac_secret_key\": \"x\"}}}", "client",
                    "Centrifugo v6 section", "token_hmac_secret_key");
        }
    }

    @Nested
    class Types {
        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "\"client_insecure\": \"true\"          | client_insecure          | expected a boolean (true or false), got string \"true\"",
                "\"presence\": 1                        | presence                 | expected a boolean (true or false), got number 1",
                "\"port\": \"8000\"                     | port                     | expected an integer, got string \"8000\"",
                "\"port\": 80.5                         | port                     | expected an integer, got number 80.5",
                "\"client_channel_limit\": 99999999999  | client_channel_limit     | integer 99999999999 is out of range",
                "\"token_hmac_secret_key\": 123         | token_hmac_secret_key    | expected a string, got number 123",
                "\"api_key\": [\"a\"]                   | api_key                  | expected a string, got an array",
                "\"redis_address\": 6379                | redis_address            | expected a list of strings, got number 6379",
                "\"redis_address\": [\"redis://a\", 1]  | redis_address            | expected a list of strings, got number 1",
                "\"redis_address\": []                  | redis_address            | one or more non-empty addresses",
                "\"engine\": {\"type\": \"redis\"}      | engine                   | expected a string, got an object",
                "\"proxy_stream_subscribe_grpc_metadata\": \"a=b\" | proxy_stream_subscribe_grpc_metadata | expected an object of metadata key to value, got string \"a=b\"",
                "\"proxy_stream_subscribe_grpc_metadata\": {\"a\": 1} | proxy_stream_subscribe_grpc_metadata | expected a string value for metadata key \"a\", got number 1",
                "\"proxy_stream_subscribe_grpc_metadata\": {\"a b\": \"c\"} | proxy_stream_subscribe_grpc_metadata | not a valid ASCII gRPC metadata key",
                "\"proxy_stream_subscribe_http_headers\": [\"Bad Header\"] | proxy_stream_subscribe_http_headers | not a valid HTTP header name",
                "\"namespaces\": {\"name\": \"chat\"}   | namespaces               | expected an array of namespace objects, got an object",
                "\"namespaces\": [\"chat\"]             | namespaces[0]            | expected a namespace object, got string \"chat\"",
                "\"namespaces\": [{\"name\": 7}]        | namespaces[0].name       | expected a string, got number 7",
                "\"stream_backends\": 1                 | stream_backends          | expected an array of stream backend objects"})
        void wrongTypesAreRefusedWithExpectedAndActual(String entry, String key, String reason) {
            assertRefused("{" + entry + "}", key, reason);
        }

        @Test
        void nullMeansNotSet() throws Exception {
            NodeConfig config = ConfigLoader.fromJson("""
                    {"port": null, "token_hmac_secret_key": null, "namespaces": null, "presence": null}
                    """);
            assertThat(config.port()).isEqualTo(8000);
            assertThat(config.token().hmacSecretKey()).isNull();
            assertThat(config.namespaces()).isEmpty();
        }

        @Test
        void emptyStringsMeanNotSetForOptionalStrings() throws Exception {
            NodeConfig config = ConfigLoader.fromJson("""
                    {"address": "", "token_hmac_secret_key": "", "api_key": "", "channel_regex": "",
                     "proxy_stream_subscribe_endpoint": "", "proxy_subscribe_stream_endpoint": "",
                     "proxy_stream_subscribe_backend": "", "proxy_stream_connect_backend": ""}
                    """);
            assertThat(config.address()).isEqualTo("0.0.0.0");
            assertThat(config.token().hmacSecretKey()).isNull();
            assertThat(config.apiKey()).isNull();
            assertThat(config.withoutNamespace().channelRegex()).isNull();
            assertThat(config.streamBackends()).isEmpty();
            assertThat(config.withoutNamespace().isStream()).isFalse();
            assertThat(config.connectStream()).isNull();
        }
    }

    @Nested
    class Durations {
        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "\"25s\"    | PT25S",
                "\"500ms\"  | PT0.5S",
                "\"1m30s\"  | PT1M30S",
                "\"2h\"     | PT2H",
                "\"1.5s\"   | PT1.5S",
                "30         | PT30S",
                "\"30\"     | PT30S"})
        void goStyleDurationsAndBareSecondsAreAccepted(String value, Duration expected) throws Exception {
            assertThat(ConfigLoader.fromJson("{\"client_stale_close_delay\": " + value + "}").clientStaleCloseDelay())
                    .isEqualTo(expected);
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"25 seconds\"", "\"abc\"", "\"-5s\"", "-5", "\"\"", "\"5\u00a0s\"", "2.5", "true",
                "\"1d\"", "\"s\""})
        void malformedDurationsAreRefused(String value) {
            assertRefused("{\"client_stale_close_delay\": " + value + "}", "client_stale_close_delay",
                    "expected a duration such as \"25s\", \"500ms\" or \"1m30s\" (a bare integer means seconds)");
        }

        @Test
        void zeroDurationsAreRefused() {
            assertRefused("{\"ping_interval\": \"0s\"}", "ping_interval", "must be longer than 0s");
            assertRefused("{\"client_presence_update_interval\": 0}", "client_presence_update_interval",
                    "must be longer than 0s");
        }

        @Test
        void pongTimeoutMustBeShorterThanPingInterval() {
            assertRefused("{\"pong_timeout\": \"25s\"}", "pong_timeout",
                    "pong_timeout (25s) must be shorter than ping_interval (25s)");
            // Only ping_interval is set, so it is the key to blame.
            assertRefused("{\"ping_interval\": \"5s\"}", "ping_interval",
                    "pong_timeout (8s) must be shorter than ping_interval (5s)");
        }
    }

    @Nested
    class Limits {
        @ParameterizedTest
        @CsvSource({
                "port, 0, between 1 and 65535",
                "port, 65536, between 1 and 65535",
                "client_channel_limit, 0, at least 1",
                "client_queue_max_size, 0, at least 1",
                "websocket_message_size_limit, -1, at least 1",
                "channel_max_length, 0, at least 1",
                "client_user_connection_limit, -1, at least 0"})
        void limitsOutsideTheirRangeAreRefused(String key, int value, String reason) {
            assertRefused("{\"" + key + "\": " + value + "}", key, reason, "got " + value);
        }

        @Test
        void zeroUserConnectionLimitMeansOff() throws Exception {
            assertThat(ConfigLoader.fromJson("{\"client_user_connection_limit\": 0}").clientUserConnectionLimit())
                    .isZero();
        }

        @ParameterizedTest
        @ValueSource(strings = {"nats", "tarantool", "Redis", ""})
        void engineMustBeMemoryOrRedis(String engine) {
            assertRefused("{\"engine\": \"" + engine + "\"}", "engine", "expected one of memory, redis");
        }
    }

    @Nested
    class RedisEngine {
        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "\"redis_address\": \"http://r:6379\"                       | unknown scheme 'http'",
                "\"redis_address\": [\"redis://a:6379\", \"redis://b:x\"]   | bad port in \"b:x\"",
                "\"redis_address\": \"redis://a:1,b:2\"                      | names several hosts",
                "\"redis_address\": \"redis+sentinel://s:26379\"             | needs ?sentinel_master_name=NAME",
                "\"redis_address\": \"redis+cluster://c:7000/3\"             | Redis Cluster has only database 0",
                "\"redis_address\": \"redis://r:6379/x\"                     | bad database number 'x'",
        })
        void badAddressesAreRefusedSayingWhy(String json, String reason) {
            assertRefused("{" + json + "}", "redis_address", reason);
        }

        @Test
        void presenceMustBeRefreshedBeforeItExpires() {
            assertRefused("{\"engine\": \"redis\", \"redis_presence_ttl\": \"20s\"}", "redis_presence_ttl",
                    "client_presence_update_interval (27s) must be shorter than redis_presence_ttl (20s)");
            assertRefused("{\"engine\": \"redis\", \"client_presence_update_interval\": \"60s\"}",
                    "client_presence_update_interval", "must be shorter than redis_presence_ttl (1m)");
        }

        @Test
        void theMemoryEngineDoesNotCareAboutPresenceTtl() throws Exception {
            assertThat(ConfigLoader.fromJson("{\"redis_presence_ttl\": \"20s\"}").engine().redis().presenceTtl())
                    .isEqualTo(java.time.Duration.ofSeconds(20));
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"redis_sentinel_address\": [\"s1:26379\"]", "\"redis_sentinel_master_name\": \"m\"",
                "\"redis_cluster_address\": [\"c1:7000\"]"})
        void centrifugoV5SentinelAndClusterKeysPointToTheAddressForm(String json) {
            String key = json.substring(1, json.indexOf('"', 1));
            assertRefused("{" + json + "}", key, "in 'redis_address' as");
        }
    }

    @Nested
    class Namespaces {
        @ParameterizedTest
        @ValueSource(strings = {"a", "bad name", "x:y", "$private", "ünï"})
        void invalidNamesAreRefused(String name) {
            assertRefused("{\"namespaces\": [{\"name\": \"" + name + "\"}]}", "namespaces[" + name + "].name",
                    "a namespace name must match ^[-a-zA-Z0-9_]{2,}$");
        }

        @Test
        void missingNameIsRefused() {
            assertRefused("{\"namespaces\": [{\"presence\": true}]}", "namespaces[0].name", "every namespace needs a name");
        }

        @Test
        void duplicateNamesInOneFileAreRefused() {
            assertRefused("{\"namespaces\": [{\"name\": \"chat\"}, {\"name\": \"chat\", \"presence\": true}]}",
                    "namespaces[chat].name", "duplicate namespace name 'chat'");
        }

        @Test
        void badChannelRegexIsRefusedAndAGoodOneCompiled() throws Exception {
            assertRefused("{\"namespaces\": [{\"name\": \"chat\", \"channel_regex\": \"([a-z\"}]}",
                    "namespaces[chat].channel_regex", "invalid regular expression \"([a-z\"");
            NodeConfig config = ConfigLoader.fromJson("{\"namespaces\": [{\"name\": \"chat\", \"channel_regex\": \"^[a-z]+$\"}]}");
            assertThat(config.channelOptions("chat").channelRegex().matcher("abc").matches()).isTrue();
        }

        @Test
        void unknownNamespaceHasNoOptions() throws Exception {
            assertThat(ConfigLoader.fromJson("{}").channelOptions("nope")).isNull();
        }
    }

    @Test
    void topLevelValueMustBeAnObject() {
        assertThat(refusal("[]")).hasMessage(
                "config error in inline.json: the top-level value must be an object of config keys, got an array");
        assertThat(refusal("\"port\"")).hasMessageEndingWith("got string \"port\"");
    }
}
