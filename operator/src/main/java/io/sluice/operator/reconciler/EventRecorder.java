package io.sluice.operator.reconciler;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes core/v1 Events about a resource, as kubectl describe shows them: one Event per (resource,
 * reason), created the first time and counted up on every repeat (see {@link EventSeries}). Losing
 * one is only logged.
 */
public final class EventRecorder {
    private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);

    private final KubernetesClient client;
    private final Clock clock;

    public EventRecorder(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    public void record(HasMetadata about, boolean warning, String reason, String message) {
        String namespace = about.getMetadata().getNamespace();
        try {
            Event existing = client.v1().events().inNamespace(namespace).withName(EventSeries.name(about, reason)).get();
            if (existing == null) {
                client.resource(EventSeries.first(about, warning, reason, message, clock.instant())).create();
            } else {
                // carries the resourceVersion read: a concurrent writer makes this fail rather than lose a count
                client.resource(EventSeries.repeated(existing, warning, message, clock.instant())).update();
            }
        } catch (KubernetesClientException e) {
            log.warn("could not record event {} on {}/{}: {}", reason, namespace, about.getMetadata().getName(),
                    e.getMessage());
        }
    }
}
