package io.sluice.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** HPA, PDB, ServiceMonitor, NetworkPolicy, headless Service and Redis appear with their values only. */
class TogglesTest {

    @Test
    void defaultsRenderTheCoreOnly() {
        assertThat(Chart.defaults().names()).containsExactlyInAnyOrder(
                "ServiceAccount/demo-operator",
                "ConfigMap/demo-node-config",
                "Role/demo-operator", "RoleBinding/demo-operator",
                "Role/demo-operator-watch", "RoleBinding/demo-operator-watch",
                "Service/demo-node", "Service/demo-node-internal",
                "Deployment/demo-node", "Deployment/demo-operator");
    }

    @Test
    void hpaScalesTheNodeDeploymentWhichThenLeavesReplicasAlone() {
        Chart.Rendered chart = Chart.with("node.autoscaling.enabled", "true");
        HorizontalPodAutoscaler hpa = chart.one(HorizontalPodAutoscaler.class, "demo-node");

        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("demo-node");
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(10);
        assertThat(hpa.getSpec().getMetrics()).singleElement().satisfies(m -> {
            assertThat(m.getResource().getName()).isEqualTo("cpu");
            assertThat(m.getResource().getTarget().getAverageUtilization()).isEqualTo(70);
        });
        assertThat(chart.one(Deployment.class, "demo-node").getSpec().getReplicas()).isNull();
        assertThat(Chart.with("node.replicaCount", "4").one(Deployment.class, "demo-node").getSpec().getReplicas())
                .isEqualTo(4);

        HorizontalPodAutoscaler production = Chart.production().one(HorizontalPodAutoscaler.class, "demo-node");
        assertThat(production.getSpec().getMetrics()).extracting(m -> m.getResource().getName())
                .containsExactly("cpu", "memory");
        assertThat(production.getSpec().getBehavior().getScaleDown().getStabilizationWindowSeconds()).isEqualTo(600);
    }

    @Test
    void ingressIsOffByDefaultAndOnRoutesTheWebSocketPathToTheNodeService() {
        assertThat(Chart.defaults().all(Ingress.class)).isEmpty();

        Chart.Rendered chart = Chart.render(List.of("ingress-values.yaml"), Map.of());
        Ingress ingress = chart.one(Ingress.class, "demo-node");
        Service service = chart.one(Service.class, "demo-node");

        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
        assertThat(ingress.getMetadata().getAnnotations())
                .containsEntry("nginx.ingress.kubernetes.io/proxy-read-timeout", "3600")
                .containsEntry("nginx.ingress.kubernetes.io/proxy-send-timeout", "3600");
        assertThat(ingress.getSpec().getTls()).singleElement().satisfies(tls -> {
            assertThat(tls.getSecretName()).isEqualTo("ws-example-com-tls");
            assertThat(tls.getHosts()).containsExactly("ws.example.com");
        });
        assertThat(ingress.getSpec().getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getHost()).isEqualTo("ws.example.com");
            assertThat(rule.getHttp().getPaths()).singleElement().satisfies(path -> {
                assertThat(path.getPath()).as("the WebSocket endpoint only, not the server API").isEqualTo("/connection");
                assertThat(path.getPathType()).isEqualTo("Prefix");
                assertThat(path.getBackend().getService().getName()).isEqualTo(service.getMetadata().getName());
                assertThat(service.getSpec().getPorts()).extracting(p -> p.getName())
                        .contains(path.getBackend().getService().getPort().getName());
            });
        });
        assertThat(Chart.with("node.ingress.enabled", "true").one(Ingress.class, "demo-node").getSpec().getRules())
                .singleElement().satisfies(rule -> assertThat(rule.getHost()).as("any host by default").isNull());
    }

    @Test
    void pdbCoversTheNodePods() {
        Chart.Rendered chart = Chart.with("node.podDisruptionBudget.enabled", "true");
        PodDisruptionBudget pdb = chart.one(PodDisruptionBudget.class, "demo-node");

        assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
        assertThat(pdb.getSpec().getMaxUnavailable()).isNull();
        assertThat(nodePodLabels(chart)).containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());

        PodDisruptionBudget production = Chart.production().one(PodDisruptionBudget.class, "demo-node");
        assertThat(production.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(production.getSpec().getMinAvailable()).isNull();
    }

    /** Which Service and port it scrapes: InternalPortTest. */
    @Test
    @SuppressWarnings("unchecked")
    void serviceMonitorScrapesTheReleaseNamespaceWithTheValuesTimings() {
        assertThat(Chart.defaults().ofKind("ServiceMonitor")).isEmpty();
        GenericKubernetesResource monitor = (GenericKubernetesResource) Chart.with("node.serviceMonitor.enabled", "true")
                .ofKind("ServiceMonitor").get(0);
        Map<String, Object> spec = (Map<String, Object>) monitor.getAdditionalProperties().get("spec");

        assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat((Map<String, Object>) spec.get("namespaceSelector"))
                .containsEntry("matchNames", List.of(Chart.NAMESPACE));
        assertThat((List<Map<String, Object>>) spec.get("endpoints")).singleElement()
                .satisfies(e -> assertThat(e).containsEntry("interval", "30s").containsEntry("scrapeTimeout", "10s"));
        assertThat(Chart.production().ofKind("ServiceMonitor").get(0).getMetadata().getLabels())
                .containsEntry("release", "prometheus");
    }

    @Test
    void networkPoliciesSelectThePodsTheyProtect() {
        Chart.Rendered chart = Chart.with("networkPolicy.enabled", "true", "redis.enabled", "true");
        List<NetworkPolicy> policies = chart.all(NetworkPolicy.class);

        assertThat(policies).extracting(p -> p.getMetadata().getName())
                .containsExactlyInAnyOrder("demo-node", "demo-operator", "demo-redis");
        for (NetworkPolicy policy : policies) {
            Deployment target = chart.one(Deployment.class, policy.getMetadata().getName());
            assertThat(target.getSpec().getTemplate().getMetadata().getLabels())
                    .containsAllEntriesOf(policy.getSpec().getPodSelector().getMatchLabels());
            assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
            List<String> ports = policy.getSpec().getIngress().stream().flatMap(rule -> rule.getPorts().stream())
                    .map(p -> p.getPort().getStrVal()).toList();
            assertThat(target.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts())
                    .extracting(p -> p.getName()).containsAll(ports);
        }
        NetworkPolicy redis = chart.one(NetworkPolicy.class, "demo-redis");
        assertThat(nodePodLabels(chart)).containsAllEntriesOf(
                redis.getSpec().getIngress().get(0).getFrom().get(0).getPodSelector().getMatchLabels());
        assertThat(chart.one(NetworkPolicy.class, "demo-node").getSpec().getIngress().get(0).getFrom())
                .as("open to everyone by default").isNullOrEmpty();
        assertThat(Chart.production().one(NetworkPolicy.class, "demo-node").getSpec().getIngress().get(0).getFrom())
                .singleElement().satisfies(peer -> assertThat(peer.getNamespaceSelector().getMatchLabels())
                        .containsEntry("kubernetes.io/metadata.name", "ingress"));
    }

    @Test
    void headlessServiceResolvesToNodePods() {
        Chart.Rendered chart = Chart.with("node.headlessService.enabled", "true");
        Service headless = chart.one(Service.class, "demo-node-headless");

        assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(nodePodLabels(chart)).containsAllEntriesOf(headless.getSpec().getSelector());
        assertThat(nodePodLabels(chart)).containsAllEntriesOf(chart.one(Service.class, "demo-node").getSpec().getSelector());
    }

    @Test
    void serviceTypeAndNodePort() {
        Service service = Chart.with("node.service.type", "NodePort", "node.service.nodePort", "30800",
                "node.service.port", "80").one(Service.class, "demo-node");

        assertThat(service.getSpec().getType()).isEqualTo("NodePort");
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getPort()).isEqualTo(80);
            assertThat(p.getNodePort()).isEqualTo(30800);
            assertThat(p.getTargetPort().getStrVal()).isEqualTo("http");
        });
        assertThat(Chart.production().one(Service.class, "demo-node").getMetadata().getAnnotations())
                .containsEntry("service.beta.kubernetes.io/aws-load-balancer-type", "nlb");
    }

    @Test
    void bundledRedisIsOneUnpersistedPodBehindAService() {
        Chart.Rendered chart = Chart.with("redis.enabled", "true");
        Deployment redis = chart.one(Deployment.class, "demo-redis");
        Service service = chart.one(Service.class, "demo-redis");

        assertThat(redis.getSpec().getReplicas()).isEqualTo(1);
        assertThat(redis.getSpec().getTemplate().getSpec().getVolumes()).singleElement()
                .satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());
        assertThat(redis.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(service.getSpec().getSelector());
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(p -> assertThat(p.getPort()).isEqualTo(6379));
        assertThat(Chart.defaults().names()).noneMatch(n -> n.contains("redis"));
    }

    @Test
    void everyObjectIsLabelledForTheRelease() {
        for (HasMetadata object : Chart.production().objects()) {
            assertThat(object.getMetadata().getLabels()).as(object.getKind() + "/" + object.getMetadata().getName())
                    .containsEntry("app.kubernetes.io/instance", Chart.RELEASE)
                    .containsEntry("app.kubernetes.io/managed-by", "Helm")
                    .containsKey("app.kubernetes.io/component");
        }
    }

    static Map<String, String> nodePodLabels(Chart.Rendered chart) {
        return chart.one(Deployment.class, "demo-node").getSpec().getTemplate().getMetadata().getLabels();
    }
}
