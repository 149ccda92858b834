package io.sluice.operator.reconciler;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import io.sluice.operator.crd.ConditionedStatus;
import io.sluice.operator.status.ConditionChange;
import java.time.Clock;
import java.time.Instant;
import java.util.function.BiFunction;

/**
 * Writes a resource's status when it differs from the desired one, and records an Event when Ready
 * changes. The desired status depends on the current conditions (their lastTransitionTime), and the
 * informer's copy may not show our own last write yet, so a difference is recomputed against the
 * object read from the API server before anything is written. The status is replaced whole (PUT on
 * /status with the resourceVersion read), so fields that became unset are removed.
 */
final class StatusWriter {
    private final KubernetesClient client;
    private final EventRecorder events;
    private final Clock clock;

    StatusWriter(KubernetesClient client, EventRecorder events, Clock clock) {
        this.client = client;
        this.events = events;
        this.clock = clock;
    }

    /** Returns true when it wrote. {@code desired} computes the status from a current object and "now". */
    <S extends ConditionedStatus, R extends CustomResource<?, S>> boolean write(
            R cached, Class<R> type, BiFunction<R, Instant, S> desired) {
        Instant now = clock.instant();
        if (desired.apply(cached, now).equals(cached.getStatus())) {
            return false;
        }
        R live = client.resources(type).inNamespace(cached.getMetadata().getNamespace())
                .withName(cached.getMetadata().getName()).get();
        if (live == null) {
            return false;
        }
        S status = desired.apply(live, now);
        if (status.equals(live.getStatus())) {
            return false;
        }
        S before = live.getStatus();
        live.setStatus(status);
        R written;
        try {
            written = client.resource(live).updateStatus();
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
                return false; // deleted meanwhile; its delete event brings the next reconcile
            }
            throw e; // a conflict (someone wrote in between) is retried by the framework
        }
        for (ConditionChange change : ConditionChange.between(before, status)) {
            events.record(written, change.warning(), change.reason(), change.message());
        }
        return true;
    }
}
