package io.sluice.operator;

import static io.sluice.operator.Fixtures.headlessService;
import static io.sluice.operator.Fixtures.port;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sluice.node.config.load.ConfigLoader;
import io.sluice.node.config.load.LoadedConfig;
import io.sluice.node.config.NodeConfig;
import io.sluice.operator.crd.ProxyStreamNamespace;
import io.sluice.operator.crd.StreamBackend;
import io.sluice.operator.model.Assembly;
import io.sluice.operator.model.ReleaseSettings;
import io.sluice.operator.model.RoutingAssembler;
import io.sluice.operator.model.ServiceSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example resources in examples/k8s, applied to namespace "default" as docs/kubernetes.md does, all become Ready. */
class ExamplesTest {
    private static final Path EXAMPLES = Path.of(System.getProperty("sluice.examples.dir", "../examples/k8s"));

    @TempDir
    Path dir;

    @Test
    void everyExampleIsReadyAndTheNodeLoadsTheirRouting() throws Exception {
        List<StreamBackend> backends = new ArrayList<>();
        List<ProxyStreamNamespace> namespaces = new ArrayList<>();
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                String yaml = Files.readString(file);
                String kind = new YAMLMapper().readTree(yaml).get("kind").asText();
                switch (kind) {
                    case "StreamBackend" -> backends.add(inDefault(Serialization.unmarshal(yaml, StreamBackend.class)));
                    case "ProxyStreamNamespace" ->
                            namespaces.add(inDefault(Serialization.unmarshal(yaml, ProxyStreamNamespace.class)));
                    default -> throw new AssertionError(file + ": unexpected kind " + kind);
                }
            }
        }
        assertThat(backends).hasSize(2);
        assertThat(namespaces).hasSize(2);
        ReleaseSettings release = new ReleaseSettings("sluice", "default", "cluster.local",
                ReleaseSettings.DEFAULT_BACKEND_TLS_DIR, Set.of("sessions-ca"));
        Assembly assembly = RoutingAssembler.assemble(backends, namespaces,
                List.of(ServiceSummary.of(headlessService("default", "prices-grpc", port(9000, 9000)))), release);

        assembly.backends().forEach((key, outcome) -> assertThat(outcome.ready()).as(key + " " + outcome).isTrue());
        assembly.namespaces().forEach((key, outcome) -> assertThat(outcome.ready()).as(key + " " + outcome).isTrue());

        Path routing = dir.resolve("routing.json");
        Files.writeString(routing, assembly.routingJson());
        LoadedConfig loaded = ConfigLoader.load(List.of(routing), Map.of());
        assertThat(loaded.warnings()).isEmpty();
        NodeConfig node = loaded.config();
        assertThat(node.streamBackends().get("default.prices").endpoint())
                .isEqualTo("dns:///prices-grpc.default.svc.cluster.local:9000");
        assertThat(node.streamBackends().get("default.sessions").tlsCertFile())
                .isEqualTo("/etc/sluice/backend-tls/sessions-ca/ca.crt");
        assertThat(node.connectStream()).isEqualTo(new NodeConfig.ConnectStreamConfig("default.sessions", true));
        assertThat(node.channelOptions("chat").streamBidirectional()).isTrue();
        assertThat(node.channelOptions("prices").presence()).isTrue();

        assertThat(assembly.routingJson()).as("the routing shown in docs/kubernetes.md")
                .isEqualTo(documentedRoutingExample());
    }

    /** The JSON block under "## What the operator writes" in docs/kubernetes.md. */
    private static String documentedRoutingExample() throws Exception {
        String doc = Files.readString(Path.of(System.getProperty("sluice.docs.dir", "../docs"), "kubernetes.md"));
        int section = doc.indexOf("\n## What the operator writes\n");
        assertThat(section).as("docs/kubernetes.md has a section 'What the operator writes'").isNotNegative();
        int start = doc.indexOf("```json\n", section) + "```json\n".length();
        return doc.substring(start, doc.indexOf("```\n", start));
    }

    private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> T inDefault(T resource) {
        resource.getMetadata().setNamespace("default");
        resource.getMetadata().setCreationTimestamp(Fixtures.T0.toString());
        return resource;
    }
}
