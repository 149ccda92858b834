package io.sluice.operator.reconciler;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.sluice.operator.model.RoutingJson;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The one core/v1 Event a (resource, reason) pair gets, as Kubernetes' own recorder aggregates
 * repeats: a name derived from the pair, and on each repeat the same Event with its count raised,
 * the latest message and lastTimestamp. A condition flapping a hundred times is one line in
 * {@code kubectl describe} ("x100 over 5m"), not a hundred Events. Pure: no API calls.
 */
final class EventSeries {
    static final String COMPONENT = "sluice-operator";
    private static final int MAX_MESSAGE = 1024;
    /** Leaves room for the suffix within the 253 characters a name may have. */
    private static final int MAX_NAME_PREFIX = 200;

    private EventSeries() {
    }

    /** {@code <resource name>.<16 hex digits of a hash of kind, namespace, name, uid and reason>}. */
    static String name(HasMetadata about, String reason) {
        String name = about.getMetadata().getName();
        String key = String.join("/", about.getKind(), about.getMetadata().getNamespace(), name,
                String.valueOf(about.getMetadata().getUid()), reason);
        String prefix = name.length() > MAX_NAME_PREFIX ? name.substring(0, MAX_NAME_PREFIX) : name;
        return prefix + "." + RoutingJson.sha256(key).substring(0, 16);
    }

    /** The Event to create when the pair has none yet. */
    static Event first(HasMetadata about, boolean warning, String reason, String message, Instant now) {
        String time = timestamp(now);
        return new EventBuilder()
                .withNewMetadata()
                .withName(name(about, reason))
                .withNamespace(about.getMetadata().getNamespace())
                .endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder()
                        .withApiVersion(about.getApiVersion())
                        .withKind(about.getKind())
                        .withName(about.getMetadata().getName())
                        .withNamespace(about.getMetadata().getNamespace())
                        .withUid(about.getMetadata().getUid())
                        .withResourceVersion(about.getMetadata().getResourceVersion())
                        .build())
                .withType(type(warning))
                .withReason(reason)
                .withMessage(truncated(message))
                .withNewSource().withComponent(COMPONENT).endSource()
                .withReportingComponent(COMPONENT)
                .withFirstTimestamp(time)
                .withLastTimestamp(time)
                .withCount(1)
                .build();
    }

    /** {@code existing} once more: count raised, the latest message, type and time. */
    static Event repeated(Event existing, boolean warning, String message, Instant now) {
        int count = existing.getCount() == null ? 1 : existing.getCount();
        return new EventBuilder(existing)
                .withType(type(warning))
                .withMessage(truncated(message))
                .withLastTimestamp(timestamp(now))
                .withCount(count + 1)
                .build();
    }

    private static String type(boolean warning) {
        return warning ? "Warning" : "Normal";
    }

    private static String truncated(String message) {
        return message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message;
    }

    private static String timestamp(Instant now) {
        return now.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
