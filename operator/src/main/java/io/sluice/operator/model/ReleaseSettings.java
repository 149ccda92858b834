package io.sluice.operator.model;

import java.util.Set;

/**
 * What the operator knows about the release it renders for.
 *
 * @param release            the Helm release name; the routing ConfigMap is {@code <release>-routing}
 * @param namespace          where the routing ConfigMap (and the node pods) live
 * @param clusterDomain      the cluster's DNS domain, for Service names ({@code cluster.local})
 * @param backendTlsDir      where node pods mount backend CA Secrets: {@code <dir>/<secretName>/ca.crt}
 * @param mountedTlsSecrets  the Secrets the release mounts there, or null when not told (then unchecked)
 */
public record ReleaseSettings(String release, String namespace, String clusterDomain, String backendTlsDir,
                              Set<String> mountedTlsSecrets) {
    public static final String ROUTING_KEY = "routing.json";
    public static final String DEFAULT_CLUSTER_DOMAIN = "cluster.local";
    public static final String DEFAULT_BACKEND_TLS_DIR = "/etc/sluice/backend-tls";

    public ReleaseSettings {
        mountedTlsSecrets = mountedTlsSecrets == null ? null : Set.copyOf(mountedTlsSecrets);
    }

    public String configMapName() {
        return release + "-routing";
    }

    /** The CA file of a backend TLS Secret inside node pods. */
    public String caFile(String secretName) {
        return backendTlsDir + "/" + secretName + "/ca.crt";
    }
}
