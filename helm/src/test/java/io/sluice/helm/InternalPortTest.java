package io.sluice.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * node.internalPort: on (the default), the server API, /health, /ready and /metrics get their own
 * container port and ClusterIP Service, and the client Services, the Ingress and the client
 * NetworkPolicy rule see the client port only. Off (null or 0), everything stays on node.port.
 */
class InternalPortTest {
    private static final String[] EVERY_TOGGLE = {
            "node.headlessService.enabled", "true", "node.serviceMonitor.enabled", "true",
            "networkPolicy.enabled", "true"};

    /** A render, the container port serving API/health/metrics, and the Service carrying that port. */
    record Layout(String name, Chart.Rendered chart, String adminPort, String adminService) {
        boolean separate() {
            return adminPort.equals("internal");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Layout> layouts() {
        return Stream.of(
                new Layout("internalPort 9000 (default)", Chart.with(EVERY_TOGGLE), "internal", "demo-node-internal"),
                new Layout("internalPort null", render("node.internalPort", "null"), "http", "demo-node"),
                new Layout("internalPort 0", render("node.internalPort", "0"), "http", "demo-node"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void containerPortsAndProbes(Layout layout) {
        Container node = SecretsTest.nodeContainer(layout.chart());

        assertThat(node.getPorts()).extracting(ContainerPort::getName, ContainerPort::getContainerPort)
                .containsExactlyElementsOf(layout.separate()
                        ? List.of(tuple("http", 8000), tuple("internal", 9000))
                        : List.of(tuple("http", 8000)));
        assertThat(List.of(node.getStartupProbe(), node.getLivenessProbe(), node.getReadinessProbe()))
                .extracting(p -> p.getHttpGet().getPath(), p -> p.getHttpGet().getPort().getStrVal())
                .containsExactly(
                        tuple("/health", layout.adminPort()),
                        tuple("/health", layout.adminPort()),
                        tuple("/ready", layout.adminPort()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void clientServicesExposeTheClientPortOnly(Layout layout) {
        for (String client : List.of("demo-node", "demo-node-headless")) {
            assertThat(layout.chart().one(Service.class, client).getSpec().getPorts()).as(client)
                    .extracting(ServicePort::getName, p -> p.getTargetPort().getStrVal())
                    .containsExactly(tuple("http", "http"));
        }
        if (!layout.separate()) {
            assertThat(layout.chart().names()).doesNotContain("Service/demo-node-internal");
        }
    }

    @Test
    void theInternalServiceExposesTheInternalPortOnlyInsideTheCluster() {
        Chart.Rendered chart = Chart.defaults();
        Service internal = chart.one(Service.class, "demo-node-internal");

        assertThat(internal.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(internal.getMetadata().getLabels()).containsEntry("sluice.io/service", "node-internal");
        assertThat(TogglesTest.nodePodLabels(chart)).containsAllEntriesOf(internal.getSpec().getSelector());
        assertThat(internal.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getName()).isEqualTo("internal");
            assertThat(p.getPort()).isEqualTo(9000);
            assertThat(p.getTargetPort().getStrVal()).isEqualTo("internal");
        });
        assertThat(Chart.with("node.internalPort", "9100").one(Service.class, "demo-node-internal").getSpec()
                .getPorts()).singleElement().satisfies(p -> assertThat(p.getPort()).isEqualTo(9100));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    @SuppressWarnings("unchecked")
    void theServiceMonitorScrapesTheServiceAndPortServingMetrics(Layout layout) {
        GenericKubernetesResource monitor = (GenericKubernetesResource) layout.chart().ofKind("ServiceMonitor").get(0);
        Map<String, Object> spec = (Map<String, Object>) monitor.getAdditionalProperties().get("spec");
        Map<String, String> selector = (Map<String, String>) ((Map<String, Object>) spec.get("selector")).get("matchLabels");
        List<Service> selected = layout.chart().all(Service.class).stream()
                .filter(s -> s.getMetadata().getLabels().entrySet().containsAll(selector.entrySet())).toList();

        assertThat(selected).extracting(s -> s.getMetadata().getName()).containsExactly(layout.adminService());
        assertThat((List<Map<String, Object>>) spec.get("endpoints")).singleElement().satisfies(e -> {
            assertThat(e).containsEntry("port", layout.adminPort()).containsEntry("path", "/metrics");
            assertThat(selected.get(0).getSpec().getPorts()).extracting(ServicePort::getName)
                    .contains(layout.adminPort());
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void theNetworkPolicyOpensEachPortToItsPeers(Layout layout) {
        List<NetworkPolicyIngressRule> rules = nodePolicyRules(layout.chart());

        assertThat(rules).extracting(InternalPortTest::portName)
                .containsExactlyElementsOf(layout.separate() ? List.of("http", "internal") : List.of("http"));
        assertThat(rules.get(0).getFrom()).as("client port: nodeIngressFrom, everyone by default").isNullOrEmpty();
        if (layout.separate()) {
            assertThat(rules.get(1).getFrom()).as("internal port: the release namespace's pods by default")
                    .singleElement().satisfies(peer -> {
                        assertThat(peer.getPodSelector().getMatchLabels()).isNullOrEmpty();
                        assertThat(peer.getNamespaceSelector()).isNull();
                    });
        }
    }

    @Test
    void internalIngressFromAdmitsPrometheusToTheInternalPortOnly() {
        List<NetworkPolicyIngressRule> rules = nodePolicyRules(Chart.production());

        assertThat(rules).extracting(InternalPortTest::portName).containsExactly("http", "internal");
        assertThat(rules.get(0).getFrom()).extracting(InternalPortTest::namespaceOf).containsExactly("ingress");
        assertThat(rules.get(1).getFrom()).extracting(InternalPortTest::namespaceOf)
                .containsExactly(null, "monitoring");
    }

    @Test
    void theIngressRoutesTheClientPortOnly() {
        Ingress ingress = Chart.with("node.ingress.enabled", "true", "node.ingress.hosts[0].paths[0]", "/connection",
                "node.ingress.hosts[0].paths[1]", "/api").one(Ingress.class, "demo-node");

        assertThat(ingress.getSpec().getRules()).flatExtracting(r -> r.getHttp().getPaths()).hasSize(2)
                .allSatisfy(path -> {
                    assertThat(path.getBackend().getService().getName()).isEqualTo("demo-node");
                    assertThat(path.getBackend().getService().getPort().getName()).isEqualTo("http");
                });
    }

    private static Chart.Rendered render(String key, String value) {
        String[] sets = Stream.concat(Stream.of(EVERY_TOGGLE), Stream.of(key, value)).toArray(String[]::new);
        return Chart.with(sets);
    }

    private static List<NetworkPolicyIngressRule> nodePolicyRules(Chart.Rendered chart) {
        return chart.one(NetworkPolicy.class, "demo-node").getSpec().getIngress();
    }

    private static String portName(NetworkPolicyIngressRule rule) {
        assertThat(rule.getPorts()).singleElement().satisfies(p -> assertThat(p.getProtocol()).isEqualTo("TCP"));
        return rule.getPorts().get(0).getPort().getStrVal();
    }

    private static String namespaceOf(NetworkPolicyPeer peer) {
        return peer.getNamespaceSelector() == null ? null
                : peer.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name");
    }
}
