package io.sluice.operator.reconciler;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.sluice.operator.model.ReleaseSettings;
import io.sluice.operator.model.RoutingJson;
import java.util.Map;
import java.util.Objects;

/** The routing ConfigMap of a release: its name, its labels and what its content should be. */
public final class ReleaseConfigMap {
    public static final String RELEASE_LABEL = "sluice.io/routing-for";
    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY = "sluice-operator";
    public static final String HASH_ANNOTATION = "sluice.io/routing-sha256";
    /** What nodes read before the operator has rendered anything: no backends, no namespaces. */
    public static final String EMPTY_ROUTING = "{\n  \"stream_backends\": [],\n  \"namespaces\": []\n}\n";

    private ReleaseConfigMap() {
    }

    public static ResourceID id(ReleaseSettings release) {
        return new ResourceID(release.configMapName(), release.namespace());
    }

    public static String labelSelector(ReleaseSettings release) {
        return RELEASE_LABEL + "=" + release.release();
    }

    /** A fresh ConfigMap holding {@code json}. */
    public static ConfigMap build(ReleaseSettings release, String json) {
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withName(release.configMapName())
                .withNamespace(release.namespace())
                .addToLabels(RELEASE_LABEL, release.release())
                .addToLabels(MANAGED_BY_LABEL, MANAGED_BY)
                .addToAnnotations(HASH_ANNOTATION, RoutingJson.sha256(json))
                .endMetadata()
                .withData(Map.of(ReleaseSettings.ROUTING_KEY, json))
                .build();
    }

    /** {@code current} with {@code json} as its routing, other keys and metadata kept. */
    public static ConfigMap withRouting(ConfigMap current, String json) {
        return new ConfigMapBuilder(current)
                .editMetadata()
                .addToAnnotations(HASH_ANNOTATION, RoutingJson.sha256(json))
                .endMetadata()
                .addToData(ReleaseSettings.ROUTING_KEY, json)
                .build();
    }

    public static boolean holds(ConfigMap configMap, String json) {
        String hash = configMap.getMetadata().getAnnotations() == null ? null
                : configMap.getMetadata().getAnnotations().get(HASH_ANNOTATION);
        String data = configMap.getData() == null ? null : configMap.getData().get(ReleaseSettings.ROUTING_KEY);
        return Objects.equals(json, data) && Objects.equals(RoutingJson.sha256(json), hash);
    }
}
