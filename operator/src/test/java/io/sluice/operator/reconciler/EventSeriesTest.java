package io.sluice.operator.reconciler;

import static io.sluice.operator.Fixtures.endpointBackend;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.sluice.operator.crd.StreamBackend;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventSeriesTest {
    private static final Instant T = Instant.parse("2026-03-01T10:00:00.700Z");

    @Test
    void oneNamePerResourceAndReason() {
        StreamBackend backend = backend("uid-1");

        assertThat(EventSeries.name(backend, "ServiceNotFound")).isEqualTo(EventSeries.name(backend("uid-1"), "ServiceNotFound"))
                .startsWith("prices.").hasSize("prices.".length() + 16);
        assertThat(EventSeries.name(backend, "Routed")).isNotEqualTo(EventSeries.name(backend, "ServiceNotFound"));
        assertThat(EventSeries.name(backend("uid-2"), "Routed")).as("a recreated resource starts its own series")
                .isNotEqualTo(EventSeries.name(backend, "Routed"));
    }

    @Test
    void aLongResourceNameStillGivesAValidEventName() {
        StreamBackend backend = backend("uid-1");
        backend.getMetadata().setName("b".repeat(253));

        assertThat(EventSeries.name(backend, "Routed")).hasSizeLessThanOrEqualTo(253);
    }

    @Test
    void aRepeatCountsUpAndKeepsWhenTheSeriesBegan() {
        Event first = EventSeries.first(backend("uid-1"), true, "ServiceNotFound", "Service 'p' not found", T);
        Event second = EventSeries.repeated(first, true, "Service 'p' not found again", T.plusSeconds(90));

        assertThat(first.getCount()).isEqualTo(1);
        assertThat(first.getType()).isEqualTo("Warning");
        assertThat(first.getFirstTimestamp()).isEqualTo("2026-03-01T10:00:00Z").isEqualTo(first.getLastTimestamp());
        assertThat(first.getInvolvedObject().getUid()).isEqualTo("uid-1");
        assertThat(second.getMetadata().getName()).isEqualTo(first.getMetadata().getName());
        assertThat(second.getCount()).isEqualTo(2);
        assertThat(second.getMessage()).isEqualTo("Service 'p' not found again");
        assertThat(second.getFirstTimestamp()).isEqualTo("2026-03-01T10:00:00Z");
        assertThat(second.getLastTimestamp()).isEqualTo("2026-03-01T10:01:30Z");
    }

    @Test
    void messagesAreCutToWhatAnEventShouldHold() {
        Event event = EventSeries.first(backend("uid-1"), false, "Routed", "x".repeat(5000), T);

        assertThat(event.getMessage()).hasSize(1024);
    }

    private static StreamBackend backend(String uid) {
        StreamBackend backend = endpointBackend("apps", "prices", "grpc://p:1");
        backend.getMetadata().setUid(uid);
        return backend;
    }
}
