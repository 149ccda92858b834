package io.sluice.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** What the operator made of a StreamBackend. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StreamBackendStatus extends ConditionedStatus {
    @JsonPropertyDescription("The gRPC target the nodes dial, resolved from spec.service or copied from spec.endpoint.")
    private String endpoint;

    @JsonPropertyDescription("This backend's name in the routing config (<namespace>.<name>); set while it is in the"
            + " routing.")
    private String routingName;

    public String getEndpoint() {
        return endpoint;
    }

    public void setEndpoint(String endpoint) {
        this.endpoint = endpoint;
    }

    public String getRoutingName() {
        return routingName;
    }

    public void setRoutingName(String routingName) {
        this.routingName = routingName;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StreamBackendStatus s && Objects.equals(endpoint, s.endpoint)
                && Objects.equals(routingName, s.routingName)
                && Objects.equals(getObservedGeneration(), s.getObservedGeneration())
                && Objects.equals(getConditions(), s.getConditions());
    }

    @Override
    public int hashCode() {
        return Objects.hash(endpoint, routingName, getObservedGeneration(), getConditions());
    }
}
