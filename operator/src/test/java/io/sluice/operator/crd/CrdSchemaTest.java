package io.sluice.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.node.config.ConfigException;
import io.sluice.node.config.load.ConfigLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each schema rule of the committed CRDs, read back from the YAML: names, printer columns, required
 * fields, patterns, enums, defaults, CEL rules and descriptions. Where a rule restates one of the node's,
 * sample values show the schema and the node accept the same things.
 */
class CrdSchemaTest {

    static JsonNode version(String file) {
        JsonNode versions = GeneratedCrds.committed(file).at("/spec/versions");
        assertThat(versions).hasSize(1);
        return versions.get(0);
    }

    static JsonNode spec(String file) {
        return version(file).at("/schema/openAPIV3Schema/properties/spec");
    }

    static Map<String, String> printerColumns(String file) {
        Map<String, String> columns = new java.util.LinkedHashMap<>();
        version(file).get("additionalPrinterColumns").forEach(c -> columns.put(c.get("name").asText(),
                c.get("jsonPath").asText()));
        return columns;
    }

    static List<String> rules(JsonNode schema) {
        return StreamSupport.stream(schema.path("x-kubernetes-validations").spliterator(), false)
                .map(r -> r.get("rule").asText()).toList();
    }

    /** Every property below {@code node} (not the root itself), with its path, that has no description. */
    static List<String> undocumented(JsonNode node, String path) {
        List<String> missing = new ArrayList<>();
        node.path("properties").properties().forEach(e -> {
            String at = path + "." + e.getKey();
            if (!e.getValue().hasNonNull("description")) {
                missing.add(at);
            }
            missing.addAll(undocumented(e.getValue(), at));
            missing.addAll(undocumented(e.getValue().path("items"), at + "[]"));
        });
        return missing;
    }

    @Nested
    class StreamBackends {
        private final String file = GeneratedCrds.STREAM_BACKENDS;
        private final JsonNode spec = spec(file);

        @Test
        void namesScopeVersionAndStatusSubresource() {
            JsonNode crd = GeneratedCrds.committed(file);
            assertThat(crd.at("/spec/group").asText()).isEqualTo("sluice.io");
            assertThat(crd.at("/spec/scope").asText()).isEqualTo("Namespaced");
            assertThat(crd.at("/spec/names/kind").asText()).isEqualTo("StreamBackend");
            assertThat(crd.at("/spec/names/shortNames")).extracting(JsonNode::asText).containsExactly("sb");
            assertThat(version(file).get("name").asText()).isEqualTo("v1alpha1");
            assertThat(version(file).get("storage").asBoolean()).isTrue();
            assertThat(version(file).has("subresources")).isTrue();
            assertThat(version(file).at("/subresources/status").isObject()).isTrue();
        }

        @Test
        void printerColumnsShowReadyEndpointAndAge() {
            assertThat(printerColumns(file)).containsEntry("Ready", ".status.conditions[?(@.type==\"Ready\")].status")
                    .containsEntry("Endpoint", ".status.endpoint")
                    .containsEntry("Age", ".metadata.creationTimestamp");
        }

        @Test
        void serviceXorEndpointIsACelRule() {
            assertThat(rules(spec)).contains("has(self.service) != has(self.endpoint)");
        }

        @Test
        void connectionStreamsNeedTheStreamContractIsACelRule() {
            assertThat(rules(spec)).contains("!has(self.connect) || !self.connect.enabled || !has(self.contract)"
                    + " || self.contract == 'CentrifugoProxyStream'");
        }

        @Test
        void timeoutHasADefaultAPatternAndACelRuleBelowFiveSeconds() {
            JsonNode timeout = spec.at("/properties/timeout");
            assertThat(timeout.get("default").asText()).isEqualTo("1s");
            assertThat(timeout.get("pattern").asText()).isEqualTo(StreamBackendSpec.DURATION_PATTERN);
            assertThat(rules(timeout)).containsExactly(
                    "duration(self) > duration('0s') && duration(self) < duration('5s')");
        }

        @Test
        void contractIsAnEnumWithTheStreamContractAsDefault() {
            JsonNode contract = spec.at("/properties/contract");
            assertThat(contract.get("enum")).extracting(JsonNode::asText)
                    .containsExactlyInAnyOrder("CentrifugoProxyStream", "CentrifugoProxy");
            assertThat(contract.get("default").asText()).isEqualTo("CentrifugoProxyStream");
        }

        @Test
        void serviceNeedsNameAndPortInRange() {
            JsonNode service = spec.at("/properties/service");
            assertThat(service.get("required")).extracting(JsonNode::asText).containsExactlyInAnyOrder("name", "port");
            assertThat(service.at("/properties/port/minimum").asInt()).isEqualTo(1);
            assertThat(service.at("/properties/port/maximum").asInt()).isEqualTo(65535);
        }

        @Test
        void connectionsAreOneToSixtyFourDefaultTwo() {
            JsonNode connections = spec.at("/properties/connections");
            assertThat(connections.get("minimum").asInt()).isEqualTo(1);
            assertThat(connections.get("maximum").asInt()).isEqualTo(64);
            assertThat(connections.get("default").asInt()).isEqualTo(2);
        }

        @Test
        void booleansDefaultToFalse() {
            assertThat(spec.at("/properties/includeConnectionMeta/default").asBoolean(true)).isFalse();
            assertThat(spec.at("/properties/connect/properties/enabled/default").asBoolean(true)).isFalse();
            assertThat(spec.at("/properties/connect/properties/bidirectional/default").asBoolean(true)).isFalse();
        }

        @Test
        void namesHavePatternsAndListsAndStringsAreBounded() {
            assertThat(spec.at("/properties/service/properties/name/pattern").asText())
                    .isEqualTo("^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$");
            assertThat(spec.at("/properties/tls/properties/secretName/pattern").asText())
                    .isEqualTo("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$");
            assertThat(spec.at("/properties/tls/properties/serverName/pattern").asText())
                    .isEqualTo("^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$");
            assertThat(spec.at("/properties/endpoint/maxLength").asInt()).isEqualTo(512);
            assertThat(spec.at("/properties/timeout/maxLength").asInt()).isEqualTo(32);
            assertThat(spec.at("/properties/contract/maxLength").asInt()).isEqualTo(32);
            assertThat(spec.at("/properties/grpcMetadata/maxProperties").asInt()).isEqualTo(64);
            assertThat(spec.at("/properties/grpcMetadata/additionalProperties/type").asText()).isEqualTo("string");
            assertThat(spec.at("/properties/forwardHttpHeaders/maxItems").asInt()).isEqualTo(64);
        }

        @Test
        void everyFieldIsDescribed() {
            assertThat(undocumented(version(file).at("/schema/openAPIV3Schema"), "")).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"grpc://localhost:1", "grpc://10.0.0.7:65535", "grpc://[::1]:9000",
                "dns:///backend.ns.svc.cluster.local:9000", "grpc://my-backend:12000",
                "http://a:1", "grpc://a", "dns://a:1", "grpc://a:1/path", "unix:///tmp/s", "grpc://:1", "grpc://-a:1"})
        void endpointPatternAcceptsWhatTheNodeAccepts(String endpoint) {
            boolean schema = Pattern.compile(spec.at("/properties/endpoint/pattern").asText()).matcher(endpoint).matches();
            boolean node = nodeAccepts("{\"stream_backends\": [{\"name\": \"a\", \"endpoint\": \"" + endpoint + "\"}]}");
            assertThat(schema).as(endpoint).isEqualTo(node);
        }

        @ParameterizedTest
        @ValueSource(strings = {"1s", "500ms", "1.5s", "4s999ms", "250000us", ".5s", "1s500ms", "abc", "1", "s", "1 s"})
        void timeoutPatternAcceptsTheNodesDurationSyntax(String timeout) {
            boolean schema = Pattern.compile(spec.at("/properties/timeout/pattern").asText()).matcher(timeout).matches();
            boolean node = nodeAccepts("{\"stream_backends\": [{\"name\": \"a\", \"endpoint\": \"grpc://a:1\","
                    + " \"timeout\": \"" + timeout + "\"}]}");
            // A bare "1" is seconds to the node but has no unit for CEL's duration(), so the schema refuses it.
            assertThat(schema).as(timeout).isEqualTo(node && !timeout.matches("\\d+"));
        }
    }

    @Nested
    class ProxyStreamNamespaces {
        private final String file = GeneratedCrds.PROXY_STREAM_NAMESPACES;
        private final JsonNode spec = spec(file);

        @Test
        void namesScopeVersionAndStatusSubresource() {
            JsonNode crd = GeneratedCrds.committed(file);
            assertThat(crd.at("/spec/names/kind").asText()).isEqualTo("ProxyStreamNamespace");
            assertThat(crd.at("/spec/names/shortNames")).extracting(JsonNode::asText).containsExactly("psn");
            assertThat(crd.at("/spec/scope").asText()).isEqualTo("Namespaced");
            assertThat(version(file).at("/subresources/status").isObject()).isTrue();
        }

        @Test
        void printerColumnsShowReadyChannelNamespaceBackendAndAge() {
            assertThat(printerColumns(file)).containsEntry("Ready", ".status.conditions[?(@.type==\"Ready\")].status")
                    .containsEntry("Channel Namespace", ".status.channelNamespace")
                    .containsEntry("Backend", ".spec.backendRef.name")
                    .containsEntry("Age", ".metadata.creationTimestamp");
        }

        @Test
        void backendRefIsRequiredWithAName() {
            assertThat(spec.get("required")).extracting(JsonNode::asText).containsExactly("backendRef");
            assertThat(spec.at("/properties/backendRef/required")).extracting(JsonNode::asText).containsExactly("name");
        }

        @Test
        void backendRefNameIsBounded() {
            assertThat(spec.at("/properties/backendRef/properties/name/minLength").asInt()).isEqualTo(1);
            assertThat(spec.at("/properties/backendRef/properties/name/maxLength").asInt()).isEqualTo(253);
        }

        @Test
        void channelNamespaceHasCentrifugosPattern() {
            assertThat(spec.at("/properties/channelNamespace/pattern").asText()).isEqualTo("^[-a-zA-Z0-9_]{2,}$");
        }

        @Test
        void bidirectionalDefaultsToFalseAndChannelOptionsHaveNoDefault() {
            assertThat(spec.at("/properties/bidirectional/default").asBoolean(true)).isFalse();
            assertThat(spec.at("/properties/presence").has("default")).isFalse();
            assertThat(spec.at("/properties/joinLeave").has("default")).isFalse();
            assertThat(spec.at("/properties/forcePushJoinLeave").has("default")).isFalse();
        }

        @Test
        void everyFieldIsDescribed() {
            assertThat(undocumented(version(file).at("/schema/openAPIV3Schema"), "")).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"chat", "ab", "a_b-1", "A9", "a", "a:b", "a.b", "a b", ""})
        void channelNamespacePatternAcceptsWhatTheNodeAccepts(String name) {
            boolean schema = Pattern.compile(spec.at("/properties/channelNamespace/pattern").asText())
                    .matcher(name).matches();
            assertThat(schema).as(name).isEqualTo(nodeAccepts("{\"namespaces\": [{\"name\": \"" + name + "\"}]}"));
        }
    }

    private static boolean nodeAccepts(String json) {
        try {
            ConfigLoader.fromJson(json);
            return true;
        } catch (ConfigException e) {
            return false;
        }
    }
}
