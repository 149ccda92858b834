package io.sluice.operator.model;

import java.util.List;

/**
 * What the assembler decided for one resource: its conditions (Ready, BackendResolved, Conflict, in that
 * order) and the status fields that go with them. {@code endpoint} is set for StreamBackends,
 * {@code channelNamespace} for ProxyStreamNamespaces; {@code routingName} names the backend as the
 * routing file does, while the resource is in it.
 */
public record Outcome(List<Verdict> conditions, String endpoint, String channelNamespace, String routingName) {
    public Outcome {
        conditions = List.copyOf(conditions);
    }

    public Verdict condition(String type) {
        return conditions.stream().filter(v -> v.type().equals(type)).findFirst().orElseThrow();
    }

    public boolean ready() {
        return condition(Verdict.READY).status();
    }
}
