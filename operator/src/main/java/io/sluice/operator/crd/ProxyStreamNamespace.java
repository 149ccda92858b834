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

/** A channel namespace whose subscriptions become proxy streams to a StreamBackend. */
@Group(SluiceApi.GROUP)
@Version(SluiceApi.VERSION)
@Kind("ProxyStreamNamespace")
@Plural("proxystreamnamespaces")
@Singular("proxystreamnamespace")
@ShortNames("psn")
@AdditionalPrinterColumn(name = "Ready", jsonPath = SluiceApi.READY_JSON_PATH,
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Channel Namespace", jsonPath = ".status.channelNamespace",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Backend", jsonPath = ".spec.backendRef.name",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Reason", jsonPath = SluiceApi.READY_REASON_JSON_PATH,
        type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
public class ProxyStreamNamespace extends CustomResource<ProxyStreamNamespaceSpec, ProxyStreamNamespaceStatus>
        implements Namespaced {
    // Overridden only to document the two top-level fields in the CRD (kubectl explain).
    @Override
    @JsonPropertyDescription("Which channel namespace streams, and to which StreamBackend.")
    public ProxyStreamNamespaceSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("What the operator made of this ProxyStreamNamespace; written by the operator.")
    public ProxyStreamNamespaceStatus getStatus() {
        return super.getStatus();
    }
}
