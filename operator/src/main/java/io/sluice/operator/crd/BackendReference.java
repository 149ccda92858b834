package io.sluice.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A StreamBackend in the same namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackendReference {
    @JsonPropertyDescription("metadata.name of the StreamBackend.")
    @Required
    @Size(min = 1, max = 253)
    private String name;

    public BackendReference() {
    }

    public BackendReference(String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }
}
