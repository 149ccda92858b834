package io.sluice.operator.status;

import io.sluice.operator.crd.StatusCondition;
import io.sluice.operator.model.Verdict;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/** Turns verdicts into conditions, keeping lastTransitionTime unless a condition's status flips. */
public final class StatusConditions {
    private StatusConditions() {
    }

    public static List<StatusCondition> merge(List<StatusCondition> current, List<Verdict> verdicts, Long generation,
                                              Instant now) {
        // Kubernetes timestamps have second precision; a finer one would never compare equal after a round trip.
        String stamp = now.truncatedTo(ChronoUnit.SECONDS).toString();
        return verdicts.stream().map(v -> {
            Optional<StatusCondition> previous = current.stream().filter(c -> v.type().equals(c.getType())).findFirst();
            String since = previous.filter(c -> v.statusText().equals(c.getStatus()))
                    .map(StatusCondition::getLastTransitionTime)
                    .orElse(stamp);
            return new StatusCondition(v.type(), v.statusText(), v.reason(), v.message(), since, generation);
        }).toList();
    }
}
