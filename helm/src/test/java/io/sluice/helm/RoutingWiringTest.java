package io.sluice.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.sluice.operator.OperatorSettings;
import io.sluice.operator.model.ReleaseSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The operator, configured from the environment the chart gives it (parsed by the operator's own
 * OperatorSettings), writes the ConfigMap, key and CA paths the node Deployment mounts and reads.
 */
class RoutingWiringTest {

    @Test
    void theNodesMountTheConfigMapTheOperatorWrites() {
        for (Chart.Rendered chart : List.of(Chart.defaults(), Chart.production())) {
            ReleaseSettings release = operatorSettings(chart).release();
            Deployment node = chart.one(Deployment.class, "demo-node");
            PodSpec pod = node.getSpec().getTemplate().getSpec();
            Container container = pod.getContainers().get(0);

            assertThat(release.namespace()).isEqualTo(node.getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE);
            Volume routing = volumeFromConfigMap(pod, release.configMapName());
            VolumeMount mount = mountOf(container, routing.getName());
            assertThat(mount.getReadOnly()).isTrue();
            assertThat(routing.getConfigMap().getItems()).as("the whole ConfigMap, so updates reach the pod").isNullOrEmpty();
            // no start order: a node pod starting before the operator created the ConfigMap runs without it
            assertThat(routing.getConfigMap().getOptional()).as("optional mount").isTrue();
            assertThat(container.getArgs()).containsExactly(
                    "--config", "/etc/sluice/config/config.json",
                    "--config-optional", Path.of(mount.getMountPath(), ReleaseSettings.ROUTING_KEY).toString());
        }
    }

    @Test
    void helmNeverRendersTheRoutingConfigMap() {
        for (Chart.Rendered chart : List.of(Chart.defaults(), Chart.production(), Chart.with("redis.enabled", "true"))) {
            String routing = operatorSettings(chart).release().configMapName();
            assertThat(chart.all(ConfigMap.class)).extracting(c -> c.getMetadata().getName())
                    .containsExactly("demo-node-config").doesNotContain(routing);
        }
    }

    @Test
    void theBaseConfigIsTheFirstConfigFile() {
        PodSpec pod = Chart.defaults().one(Deployment.class, "demo-node").getSpec().getTemplate().getSpec();
        Volume config = volumeFromConfigMap(pod, "demo-node-config");

        assertThat(mountOf(pod.getContainers().get(0), config.getName()).getMountPath()).isEqualTo("/etc/sluice/config");
        assertThat(Chart.defaults().one(ConfigMap.class, "demo-node-config").getData()).containsOnlyKeys("config.json");
    }

    @Test
    void operatorSettingsFollowTheValues() {
        OperatorSettings defaults = operatorSettings(Chart.defaults());
        assertThat(defaults.release().release()).isEqualTo(Chart.RELEASE);
        assertThat(defaults.watchNamespaces()).containsExactly(Chart.NAMESPACE);
        assertThat(defaults.leaseName()).isEqualTo("demo-operator");
        assertThat(defaults.leaderElection()).isTrue();
        assertThat(defaults.release().clusterDomain()).isEqualTo("cluster.local");
        assertThat(defaults.release().mountedTlsSecrets()).as("every secretName is checked").isEmpty();

        OperatorSettings production = operatorSettings(Chart.production());
        assertThat(production.watchNamespaces()).containsExactlyInAnyOrder("apps", "payments");
        assertThat(production.release().clusterDomain()).isEqualTo("cluster.example");

        Chart.Rendered renamed = Chart.with("fullnameOverride", "edge");
        assertThat(operatorSettings(renamed, "edge-operator").release().configMapName()).isEqualTo("edge-routing");
        assertThat(volumeFromConfigMap(renamed.one(Deployment.class, "edge-node").getSpec().getTemplate().getSpec(),
                "edge-routing")).isNotNull();
    }

    @Test
    void backendCaSecretsAreMountedWhereTheOperatorPointsTheNodes() {
        Chart.Rendered chart = Chart.production();
        ReleaseSettings release = operatorSettings(chart).release();
        PodSpec pod = chart.one(Deployment.class, "demo-node").getSpec().getTemplate().getSpec();
        Container container = pod.getContainers().get(0);

        assertThat(release.mountedTlsSecrets()).containsExactlyInAnyOrder("sessions-ca", "billing-ca");
        for (String secret : release.mountedTlsSecrets()) {
            Volume volume = pod.getVolumes().stream()
                    .filter(v -> v.getSecret() != null && secret.equals(v.getSecret().getSecretName()))
                    .findFirst().orElseThrow(() -> new AssertionError("no volume for Secret " + secret));
            assertThat(volume.getSecret().getItems()).extracting(i -> i.getKey() + "->" + i.getPath())
                    .containsExactly("ca.crt->ca.crt");
            Path caFile = Path.of(mountOf(container, volume.getName()).getMountPath(), "ca.crt");
            assertThat(caFile.toString()).isEqualTo(release.caFile(secret));
        }
    }

    @Test
    void withoutTheOperatorNodesReadOnlyTheBaseConfig() {
        Chart.Rendered chart = Chart.with("operator.enabled", "false");
        PodSpec pod = chart.one(Deployment.class, "demo-node").getSpec().getTemplate().getSpec();

        assertThat(pod.getContainers().get(0).getArgs()).containsExactly("--config", "/etc/sluice/config/config.json");
        assertThat(pod.getVolumes()).extracting(Volume::getName).containsExactly("config", "tmp");
    }

    static OperatorSettings operatorSettings(Chart.Rendered chart) {
        return operatorSettings(chart, "demo-operator");
    }

    static OperatorSettings operatorSettings(Chart.Rendered chart, String deployment) {
        Container operator = chart.one(Deployment.class, deployment).getSpec().getTemplate().getSpec()
                .getContainers().get(0);
        return OperatorSettings.fromEnvironment(environment(operator), "not-the-release-namespace");
    }

    /** A container's plain env values (the operator's are all plain). */
    static Map<String, String> environment(Container container) {
        assertThat(container.getEnv()).allSatisfy(e -> assertThat(e.getValueFrom()).as(e.getName()).isNull());
        return container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    private static Volume volumeFromConfigMap(PodSpec pod, String configMap) {
        return pod.getVolumes().stream()
                .filter(v -> v.getConfigMap() != null && configMap.equals(v.getConfigMap().getName()))
                .findFirst().orElseThrow(() -> new AssertionError("no volume from ConfigMap " + configMap
                        + " in " + pod.getVolumes()));
    }

    private static VolumeMount mountOf(Container container, String volume) {
        return container.getVolumeMounts().stream().filter(m -> m.getName().equals(volume)).findFirst()
                .orElseThrow(() -> new AssertionError("volume " + volume + " is not mounted"));
    }
}
