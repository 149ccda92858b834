package io.sluice.operator.reconciler;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes core/v1 Events about a resource, as kubectl describe shows them; losing one is only logged. */
public final class EventRecorder {
    private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);
    static final String COMPONENT = "sluice-operator";
    private static final int MAX_MESSAGE = 1024;

    private final KubernetesClient client;

    public EventRecorder(KubernetesClient client) {
        this.client = client;
    }

    public void record(HasMetadata about, boolean warning, String reason, String message) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String namespace = about.getMetadata().getNamespace();
        try {
            client.v1().events().inNamespace(namespace).resource(new EventBuilder()
                    .withNewMetadata()
                    .withName(about.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 8))
                    .withNamespace(namespace)
                    .endMetadata()
                    .withInvolvedObject(new ObjectReferenceBuilder()
                            .withApiVersion(about.getApiVersion())
                            .withKind(about.getKind())
                            .withName(about.getMetadata().getName())
                            .withNamespace(namespace)
                            .withUid(about.getMetadata().getUid())
                            .withResourceVersion(about.getMetadata().getResourceVersion())
                            .build())
                    .withType(warning ? "Warning" : "Normal")
                    .withReason(reason)
                    .withMessage(message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message)
                    .withNewSource().withComponent(COMPONENT).endSource()
                    .withReportingComponent(COMPONENT)
                    .withFirstTimestamp(now)
                    .withLastTimestamp(now)
                    .withCount(1)
                    .build()).create();
        } catch (KubernetesClientException e) {
            log.warn("could not record event {} on {}/{}: {}", reason, namespace, about.getMetadata().getName(),
                    e.getMessage());
        }
    }
}
