package io.sluice.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A Service in the StreamBackend's namespace and one of its ports. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ServiceReference {
    @JsonPropertyDescription("Name of the Service, in the same namespace as the StreamBackend.")
    @Required
    @Pattern("^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$")
    private String name;

    @JsonPropertyDescription("The Service port that serves gRPC. For a headless Service the nodes dial the pods"
            + " directly, on this port's numeric targetPort when it has one.")
    @Required
    @Min(1)
    @Max(65535)
    private Integer port;

    public ServiceReference() {
    }

    public ServiceReference(String name, Integer port) {
        this.name = name;
        this.port = port;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public Integer getPort() {
        return port;
    }

    public void setPort(Integer port) {
        this.port = port;
    }
}
