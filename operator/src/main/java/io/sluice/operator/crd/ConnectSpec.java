package io.sluice.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** Connection streams served by a backend. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ConnectSpec {
    @JsonPropertyDescription("Open a connection stream to this backend for every client that connects without a"
            + " token. Only one StreamBackend per release may set it; the oldest wins and the others report Conflict.")
    @Default("false")
    private Boolean enabled;

    @JsonPropertyDescription("Use ConnectBidirectional, so the client's send() reaches the backend; otherwise"
            + " ConnectUnidirectional.")
    @Default("false")
    private Boolean bidirectional;

    public ConnectSpec() {
    }

    public ConnectSpec(Boolean enabled, Boolean bidirectional) {
        this.enabled = enabled;
        this.bidirectional = bidirectional;
    }

    public Boolean getEnabled() {
        return enabled;
    }

    public void setEnabled(Boolean enabled) {
        this.enabled = enabled;
    }

    public Boolean getBidirectional() {
        return bidirectional;
    }

    public void setBidirectional(Boolean bidirectional) {
        this.bidirectional = bidirectional;
    }
}
