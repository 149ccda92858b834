package io.sluice.operator.reconciler;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.sluice.operator.model.ReleaseSettings;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the routing ConfigMap, empty, when it does not exist: the reconciler is keyed on it, and node
 * pods mount it. Safe on every replica: creating never overwrites what a leader already wrote.
 */
public final class RoutingBootstrap {
    private static final Logger log = LoggerFactory.getLogger(RoutingBootstrap.class);

    private RoutingBootstrap() {
    }

    /** Checks every {@code interval} (on a daemon thread) that the ConfigMap exists, recreating it if not. */
    public static void keepConfigMap(KubernetesClient client, ReleaseSettings release, Duration interval) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "routing-configmap-check");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                ensureConfigMap(client, release);
            } catch (RuntimeException e) {
                log.warn("could not check routing ConfigMap {}/{}: {}", release.namespace(), release.configMapName(),
                        e.getMessage());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public static void ensureConfigMap(KubernetesClient client, ReleaseSettings release) {
        Resource<ConfigMap> existing =
                client.configMaps().inNamespace(release.namespace()).withName(release.configMapName());
        ConfigMap current = existing.get();
        if (current != null) {
            // The reconciler only sees the ConfigMap through its label; adopt one made by hand.
            if (current.getMetadata().getLabels() == null
                    || !release.release().equals(current.getMetadata().getLabels().get(ReleaseConfigMap.RELEASE_LABEL))) {
                existing.edit(cm -> new ConfigMapBuilder(cm).editMetadata()
                        .addToLabels(ReleaseConfigMap.RELEASE_LABEL, release.release()).endMetadata().build());
            }
            return;
        }
        try {
            client.resource(ReleaseConfigMap.build(release, ReleaseConfigMap.EMPTY_ROUTING)).create();
            log.info("created routing ConfigMap {}/{}", release.namespace(), release.configMapName());
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
        }
    }
}
