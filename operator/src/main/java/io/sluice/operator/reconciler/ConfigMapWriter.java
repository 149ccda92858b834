package io.sluice.operator.reconciler;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sluice.operator.model.ReleaseSettings;

/**
 * Puts the routing into the release's ConfigMap, writing only when the content differs. The informer's
 * copy may lag behind our own last write, so a difference is confirmed against the API server first;
 * the update carries the resourceVersion read, so a concurrent writer makes it fail and retry.
 */
final class ConfigMapWriter {
    private final KubernetesClient client;
    private final ReleaseSettings release;

    ConfigMapWriter(KubernetesClient client, ReleaseSettings release) {
        this.client = client;
        this.release = release;
    }

    /** Returns true when it wrote. */
    boolean write(ConfigMap cached, String json) {
        if (ReleaseConfigMap.holds(cached, json)) {
            return false;
        }
        ConfigMap live = client.configMaps().inNamespace(release.namespace()).withName(release.configMapName()).get();
        if (live == null || ReleaseConfigMap.holds(live, json)) {
            return false;
        }
        client.resource(ReleaseConfigMap.withRouting(live, json)).update();
        return true;
    }
}
