package io.sluice.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** What the operator made of a ProxyStreamNamespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ProxyStreamNamespaceStatus extends ConditionedStatus {
    @JsonPropertyDescription("The channel namespace in effect: spec.channelNamespace, or metadata.name when unset.")
    private String channelNamespace;

    @JsonPropertyDescription("The routing name of the backend serving this namespace's streams, while routed.")
    private String backend;

    public String getChannelNamespace() {
        return channelNamespace;
    }

    public void setChannelNamespace(String channelNamespace) {
        this.channelNamespace = channelNamespace;
    }

    public String getBackend() {
        return backend;
    }

    public void setBackend(String backend) {
        this.backend = backend;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProxyStreamNamespaceStatus s && Objects.equals(channelNamespace, s.channelNamespace)
                && Objects.equals(backend, s.backend)
                && Objects.equals(getObservedGeneration(), s.getObservedGeneration())
                && Objects.equals(getConditions(), s.getConditions());
    }

    @Override
    public int hashCode() {
        return Objects.hash(channelNamespace, backend, getObservedGeneration(), getConditions());
    }
}
