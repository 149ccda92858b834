package io.sluice.operator;

import io.sluice.operator.model.ReleaseSettings;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The operator's settings, read from the environment (the Helm chart sets them):
 * <pre>
 * SLUICE_RELEASE               release name; ConfigMap {release}-routing, Lease {release}-operator (default sluice)
 * SLUICE_NAMESPACE             where the ConfigMap, the Lease and the node pods are (default: the client's namespace)
 * SLUICE_WATCH_NAMESPACES      comma-separated namespaces whose resources to route (default: SLUICE_NAMESPACE)
 * SLUICE_CLUSTER_DOMAIN        DNS domain for Service names (default cluster.local)
 * SLUICE_BACKEND_TLS_DIR       where nodes mount backend CA Secrets (default /etc/sluice/backend-tls)
 * SLUICE_BACKEND_TLS_SECRETS   comma-separated Secrets mounted there; when set, other secretNames are reported
 * SLUICE_PROBE_PORT            port of /healthz, /readyz and /metrics (default 8081)
 * SLUICE_LEADER_ELECTION       true (default) or false
 * SLUICE_CONFIGMAP_CHECK_SECONDS  how often to recreate the routing ConfigMap if it was deleted (default 30)
 * </pre>
 */
public record OperatorSettings(ReleaseSettings release, Set<String> watchNamespaces, int probePort,
                               boolean leaderElection, Duration configMapCheckInterval) {

    public OperatorSettings {
        watchNamespaces = Set.copyOf(watchNamespaces);
    }

    public String leaseName() {
        return release.release() + "-operator";
    }

    /** Reads the settings; {@code clientNamespace} is the namespace the Kubernetes client defaults to. */
    public static OperatorSettings fromEnvironment(Map<String, String> env, String clientNamespace) {
        String namespace = env.getOrDefault("SLUICE_NAMESPACE", clientNamespace == null ? "default" : clientNamespace);
        Set<String> tlsSecrets = env.containsKey("SLUICE_BACKEND_TLS_SECRETS")
                ? list(env.get("SLUICE_BACKEND_TLS_SECRETS")) : null;
        ReleaseSettings release = new ReleaseSettings(
                env.getOrDefault("SLUICE_RELEASE", "sluice"),
                namespace,
                env.getOrDefault("SLUICE_CLUSTER_DOMAIN", ReleaseSettings.DEFAULT_CLUSTER_DOMAIN),
                env.getOrDefault("SLUICE_BACKEND_TLS_DIR", ReleaseSettings.DEFAULT_BACKEND_TLS_DIR),
                tlsSecrets);
        Set<String> watched = env.containsKey("SLUICE_WATCH_NAMESPACES")
                ? list(env.get("SLUICE_WATCH_NAMESPACES")) : Set.of(namespace);
        if (watched.isEmpty()) {
            throw new IllegalArgumentException("SLUICE_WATCH_NAMESPACES names no namespace");
        }
        int probePort = Integer.parseInt(env.getOrDefault("SLUICE_PROBE_PORT", "8081"));
        boolean leaderElection = Boolean.parseBoolean(env.getOrDefault("SLUICE_LEADER_ELECTION", "true"));
        Duration check = Duration.ofSeconds(Long.parseLong(env.getOrDefault("SLUICE_CONFIGMAP_CHECK_SECONDS", "30")));
        if (check.isNegative() || check.isZero()) {
            throw new IllegalArgumentException("SLUICE_CONFIGMAP_CHECK_SECONDS must be at least 1");
        }
        return new OperatorSettings(release, watched, probePort, leaderElection, check);
    }

    private static Set<String> list(String text) {
        return Arrays.stream(text.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
