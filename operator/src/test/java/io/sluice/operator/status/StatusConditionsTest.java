package io.sluice.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.operator.crd.StatusCondition;
import io.sluice.operator.crd.StreamBackendStatus;
import io.sluice.operator.model.Verdict;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusConditionsTest {
    private static final Instant EARLIER = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant NOW = Instant.parse("2026-01-01T01:02:03.456Z");

    @Test
    void newConditionsAreStampedNowToTheSecond() {
        List<StatusCondition> merged = StatusConditions.merge(List.of(),
                List.of(Verdict.isTrue("Ready", "Routed", "ok")), 3L, NOW);
        assertThat(merged).containsExactly(new StatusCondition("Ready", "True", "Routed", "ok",
                "2026-01-01T01:02:03Z", 3L));
    }

    @Test
    void lastTransitionTimeIsKeptWhileTheStatusStaysEvenWhenReasonAndMessageChange() {
        List<StatusCondition> current = List.of(new StatusCondition("Ready", "False", "ServiceNotFound", "old",
                EARLIER.toString(), 1L));
        List<StatusCondition> merged = StatusConditions.merge(current,
                List.of(Verdict.isFalse("Ready", "InvalidSpec", "spec.timeout: bad")), 2L, NOW);
        assertThat(merged).containsExactly(new StatusCondition("Ready", "False", "InvalidSpec", "spec.timeout: bad",
                EARLIER.toString(), 2L));
    }

    @Test
    void lastTransitionTimeMovesWhenTheStatusFlips() {
        List<StatusCondition> current = List.of(new StatusCondition("Ready", "False", "ServiceNotFound", "m",
                EARLIER.toString(), 1L));
        List<StatusCondition> merged = StatusConditions.merge(current,
                List.of(Verdict.isTrue("Ready", "Routed", "ok")), 1L, NOW);
        assertThat(merged.get(0).getLastTransitionTime()).isEqualTo("2026-01-01T01:02:03Z");
    }

    @Test
    void eventsAreForReadyChangesOnly() {
        StreamBackendStatus before = status("False", "ServiceNotFound", "a");
        assertThat(ConditionChange.between(before, status("False", "ServiceNotFound", "b"))).isEmpty();
        assertThat(ConditionChange.between(before, status("False", "InvalidSpec", "c")))
                .containsExactly(new ConditionChange(true, "InvalidSpec", "c"));
        assertThat(ConditionChange.between(before, status("True", "Routed", "d")))
                .containsExactly(new ConditionChange(false, "Routed", "d"));
        assertThat(ConditionChange.between(null, status("True", "Routed", "e")))
                .containsExactly(new ConditionChange(false, "Routed", "e"));
    }

    private static StreamBackendStatus status(String ready, String reason, String message) {
        StreamBackendStatus status = new StreamBackendStatus();
        status.setConditions(List.of(new StatusCondition("Ready", ready, reason, message, EARLIER.toString(), 1L)));
        return status;
    }
}
