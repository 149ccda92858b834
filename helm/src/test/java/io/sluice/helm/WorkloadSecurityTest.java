package io.sluice.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Every pod the chart runs: non-root, read-only root filesystem, no capabilities, probes, resources. */
class WorkloadSecurityTest {

    static Stream<Chart.Rendered> renders() {
        return Stream.of(Chart.defaults(), Chart.production(), Chart.with("redis.enabled", "true"));
    }

    @ParameterizedTest
    @MethodSource("renders")
    void everyPodIsLockedDown(Chart.Rendered chart) {
        List<Deployment> deployments = chart.all(Deployment.class);
        assertThat(deployments).isNotEmpty();
        for (Deployment deployment : deployments) {
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            String what = deployment.getMetadata().getName();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(what).isTrue();
            assertThat(pod.getSecurityContext().getRunAsUser()).as(what).isPositive();
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).as(what).isEqualTo("RuntimeDefault");
            assertThat(pod.getHostNetwork()).as(what).isNotEqualTo(Boolean.TRUE);
            assertThat(pod.getInitContainers()).as(what).isEmpty();
            for (Container container : pod.getContainers()) {
                String where = what + "/" + container.getName();
                var security = container.getSecurityContext();
                assertThat(security.getAllowPrivilegeEscalation()).as(where).isFalse();
                assertThat(security.getReadOnlyRootFilesystem()).as(where).isTrue();
                assertThat(security.getPrivileged()).as(where).isNotEqualTo(Boolean.TRUE);
                assertThat(security.getCapabilities().getDrop()).as(where).containsExactly("ALL");
                assertThat(security.getCapabilities().getAdd()).as(where).isNullOrEmpty();
                assertThat(container.getLivenessProbe()).as(where + " liveness").isNotNull();
                assertThat(container.getReadinessProbe()).as(where + " readiness").isNotNull();
                assertThat(container.getResources().getRequests()).as(where).containsKeys("cpu", "memory");
                assertThat(container.getResources().getLimits()).as(where).containsKey("memory");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("renders")
    void onlyTheOperatorTalksToTheApiServer(Chart.Rendered chart) {
        for (Deployment deployment : chart.all(Deployment.class)) {
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            if (deployment.getMetadata().getName().endsWith("-operator")) {
                assertThat(pod.getServiceAccountName()).isEqualTo("demo-operator");
            } else {
                assertThat(pod.getAutomountServiceAccountToken()).as(deployment.getMetadata().getName()).isFalse();
                assertThat(pod.getServiceAccountName()).isNull();
            }
        }
    }

    /** The probes' paths and ports: InternalPortTest. */
    @Test
    void nodePortIsTheContainerPortAndTheConfiguredPort() {
        Chart.Rendered chart = Chart.with("node.port", "9100");
        Container container = chart.one(Deployment.class, "demo-node").getSpec().getTemplate().getSpec().getContainers().get(0);

        assertThat(container.getPorts()).extracting(ContainerPort::getName, ContainerPort::getContainerPort)
                .contains(org.assertj.core.groups.Tuple.tuple("http", 9100));
        assertThat(chart.ofKind("ConfigMap").get(0).toString()).contains("\"port\": 9100");
    }

    @Test
    void operatorProbesAreOnItsProbePort() {
        Deployment operator = Chart.defaults().one(Deployment.class, "demo-operator");
        Container container = operator.getSpec().getTemplate().getSpec().getContainers().get(0);
        String probePort = container.getEnv().stream().filter(e -> e.getName().equals("SLUICE_PROBE_PORT"))
                .map(EnvVar::getValue).findFirst().orElseThrow();

        assertThat(container.getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getName()).isEqualTo("probes");
            assertThat(p.getContainerPort()).isEqualTo(Integer.parseInt(probePort));
        });
        assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(List.of(container.getStartupProbe(), container.getLivenessProbe(), container.getReadinessProbe()))
                .allSatisfy(p -> assertThat(p.getHttpGet().getPort().getStrVal()).isEqualTo("probes"));
    }

    @Test
    void nodesDrainBeforeTheyAreKilled() {
        for (Chart.Rendered chart : List.of(Chart.defaults(), Chart.production())) {
            PodSpec pod = chart.one(Deployment.class, "demo-node").getSpec().getTemplate().getSpec();
            List<String> preStop = pod.getContainers().get(0).getLifecycle().getPreStop().getExec().getCommand();

            assertThat(preStop).hasSize(2).first().isEqualTo("sleep");
            long sleep = Long.parseLong(preStop.get(1));
            assertThat(sleep).isPositive();
            // SIGTERM comes after the sleep; the node then needs about half a second to send 3001 and exit
            assertThat(pod.getTerminationGracePeriodSeconds()).isGreaterThanOrEqualTo(sleep + 5);
        }
        assertThat(Chart.production().one(Deployment.class, "demo-node").getSpec().getTemplate().getSpec()
                .getTerminationGracePeriodSeconds()).isEqualTo(45);
    }

    @Test
    void nodePodsSpreadOverZonesAndHosts() {
        PodSpec pod = Chart.defaults().one(Deployment.class, "demo-node").getSpec().getTemplate().getSpec();
        Map<String, String> podLabels = Chart.defaults().one(Deployment.class, "demo-node").getSpec().getTemplate()
                .getMetadata().getLabels();

        assertThat(pod.getTopologySpreadConstraints()).extracting(c -> c.getTopologyKey())
                .containsExactly("topology.kubernetes.io/zone", "kubernetes.io/hostname");
        assertThat(pod.getTopologySpreadConstraints()).allSatisfy(c ->
                assertThat(podLabels).containsAllEntriesOf(c.getLabelSelector().getMatchLabels()));
    }

    @Test
    void resourcesComeFromValues() {
        Container node = Chart.production().one(Deployment.class, "demo-node").getSpec().getTemplate().getSpec()
                .getContainers().get(0);

        assertThat(node.getResources().getRequests()).containsEntry("cpu", new Quantity("2"))
                .containsEntry("memory", new Quantity("4Gi"));
    }
}
