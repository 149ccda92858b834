package io.sluice.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** A gRPC backend serving proxy streams; ProxyStreamNamespaces point at it by name. */
@Group(SluiceApi.GROUP)
@Version(SluiceApi.VERSION)
@Kind("StreamBackend")
@Plural("streambackends")
@Singular("streambackend")
@ShortNames("sb")
@AdditionalPrinterColumn(name = "Ready", jsonPath = SluiceApi.READY_JSON_PATH,
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Endpoint", jsonPath = ".status.endpoint",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Contract", jsonPath = ".spec.contract",
        type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Reason", jsonPath = SluiceApi.READY_REASON_JSON_PATH,
        type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
public class StreamBackend extends CustomResource<StreamBackendSpec, StreamBackendStatus> implements Namespaced {
    // Overridden only to document the two top-level fields in the CRD (kubectl explain).
    @Override
    @JsonPropertyDescription("Where the backend is and how nodes talk to it.")
    public StreamBackendSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("What the operator made of this StreamBackend; written by the operator.")
    public StreamBackendStatus getStatus() {
        return super.getStatus();
    }
}
