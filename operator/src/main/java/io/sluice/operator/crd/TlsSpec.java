package io.sluice.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

/** TLS settings of a backend; the object's presence turns TLS on. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TlsSpec {
    @JsonPropertyDescription("A Secret in the nodes' namespace whose ca.crt is the CA the nodes trust for this"
            + " backend. The Helm release mounts it into node pods at <backendTlsDir>/<secretName>/ca.crt. Without it"
            + " the nodes trust the JVM's default CAs.")
    @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
    private String secretName;

    @JsonPropertyDescription("The name to verify in the backend's certificate (and send as SNI) when it differs from"
            + " the host the nodes dial.")
    @Pattern("^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$")
    private String serverName;

    public TlsSpec() {
    }

    public TlsSpec(String secretName, String serverName) {
        this.secretName = secretName;
        this.serverName = serverName;
    }

    public String getSecretName() {
        return secretName;
    }

    public void setSecretName(String secretName) {
        this.secretName = secretName;
    }

    public String getServerName() {
        return serverName;
    }

    public void setServerName(String serverName) {
        this.serverName = serverName;
    }
}
