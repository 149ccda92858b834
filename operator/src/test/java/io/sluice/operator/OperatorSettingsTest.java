package io.sluice.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OperatorSettingsTest {
    @Test
    void defaultsFollowTheClientsNamespace() {
        OperatorSettings settings = OperatorSettings.fromEnvironment(Map.of(), "streaming");
        assertThat(settings.release().release()).isEqualTo("sluice");
        assertThat(settings.release().namespace()).isEqualTo("streaming");
        assertThat(settings.release().configMapName()).isEqualTo("sluice-routing");
        assertThat(settings.release().clusterDomain()).isEqualTo("cluster.local");
        assertThat(settings.release().backendTlsDir()).isEqualTo("/etc/sluice/backend-tls");
        assertThat(settings.release().mountedTlsSecrets()).isNull();
        assertThat(settings.watchNamespaces()).containsExactly("streaming");
        assertThat(settings.leaseName()).isEqualTo("sluice-operator");
        assertThat(settings.probePort()).isEqualTo(8081);
        assertThat(settings.leaderElection()).isTrue();
        assertThat(settings.configMapCheckInterval()).isEqualTo(java.time.Duration.ofSeconds(30));
    }

    @Test
    void everySettingComesFromItsVariable() {
        OperatorSettings settings = OperatorSettings.fromEnvironment(Map.of(
                "SLUICE_RELEASE", "edge",
                "SLUICE_NAMESPACE", "sluice-system",
                "SLUICE_WATCH_NAMESPACES", "team-a, team-b,",
                "SLUICE_CLUSTER_DOMAIN", "corp.internal",
                "SLUICE_BACKEND_TLS_DIR", "/tls",
                "SLUICE_BACKEND_TLS_SECRETS", "a-ca,b-ca",
                "SLUICE_PROBE_PORT", "9090",
                "SLUICE_LEADER_ELECTION", "false",
                "SLUICE_CONFIGMAP_CHECK_SECONDS", "5"), "ignored");
        assertThat(settings.release().configMapName()).isEqualTo("edge-routing");
        assertThat(settings.release().namespace()).isEqualTo("sluice-system");
        assertThat(settings.watchNamespaces()).isEqualTo(Set.of("team-a", "team-b"));
        assertThat(settings.release().clusterDomain()).isEqualTo("corp.internal");
        assertThat(settings.release().caFile("a-ca")).isEqualTo("/tls/a-ca/ca.crt");
        assertThat(settings.release().mountedTlsSecrets()).isEqualTo(Set.of("a-ca", "b-ca"));
        assertThat(settings.probePort()).isEqualTo(9090);
        assertThat(settings.leaderElection()).isFalse();
        assertThat(settings.configMapCheckInterval()).isEqualTo(java.time.Duration.ofSeconds(5));
    }

    @Test
    void anEmptyWatchListIsRefused() {
        assertThatThrownBy(() -> OperatorSettings.fromEnvironment(Map.of("SLUICE_WATCH_NAMESPACES", " , "), "x"))
                .hasMessageContaining("SLUICE_WATCH_NAMESPACES");
    }
}
