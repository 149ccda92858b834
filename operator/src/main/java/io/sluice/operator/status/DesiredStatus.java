package io.sluice.operator.status;

import io.sluice.operator.crd.ConditionedStatus;
import io.sluice.operator.crd.ProxyStreamNamespace;
import io.sluice.operator.crd.ProxyStreamNamespaceStatus;
import io.sluice.operator.crd.StreamBackend;
import io.sluice.operator.crd.StreamBackendStatus;
import io.sluice.operator.model.Outcome;
import java.time.Instant;
import java.util.List;

/**
 * The status a resource should have, given the assembler's outcome, the generation the assembler saw
 * (which may be older than {@code current}'s when the informer lags) and the status it has now.
 */
public final class DesiredStatus {
    private DesiredStatus() {
    }

    public static StreamBackendStatus of(StreamBackend current, Long generationSeen, Outcome outcome, Instant now) {
        StreamBackendStatus status = new StreamBackendStatus();
        fill(status, current.getStatus(), outcome, generationSeen, now);
        status.setEndpoint(outcome.endpoint());
        status.setRoutingName(outcome.routingName());
        return status;
    }

    public static ProxyStreamNamespaceStatus of(ProxyStreamNamespace current, Long generationSeen, Outcome outcome,
                                                Instant now) {
        ProxyStreamNamespaceStatus status = new ProxyStreamNamespaceStatus();
        fill(status, current.getStatus(), outcome, generationSeen, now);
        status.setChannelNamespace(outcome.channelNamespace());
        status.setBackend(outcome.routingName());
        return status;
    }

    private static void fill(ConditionedStatus status, ConditionedStatus current, Outcome outcome, Long generation,
                             Instant now) {
        status.setObservedGeneration(generation);
        status.setConditions(StatusConditions.merge(current == null ? List.of() : current.getConditions(),
                outcome.conditions(), generation, now));
    }
}
