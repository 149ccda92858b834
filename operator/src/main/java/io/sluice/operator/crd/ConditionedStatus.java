package io.sluice.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What both kinds report: the generation looked at, and the Ready/BackendResolved/Conflict conditions. */
public abstract class ConditionedStatus {
    @JsonPropertyDescription("The metadata.generation the operator last acted on.")
    private Long observedGeneration;

    @JsonPropertyDescription("Ready (in the routing and working as specified), BackendResolved (the backend,"
            + " and for a StreamBackend its Service, were found) and Conflict (another resource claims the same"
            + " channel namespace or connection streams).")
    private List<StatusCondition> conditions = new ArrayList<>();

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public List<StatusCondition> getConditions() {
        return conditions;
    }

    public void setConditions(List<StatusCondition> conditions) {
        this.conditions = conditions == null ? new ArrayList<>() : conditions;
    }

    public Optional<StatusCondition> condition(String type) {
        return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }
}
