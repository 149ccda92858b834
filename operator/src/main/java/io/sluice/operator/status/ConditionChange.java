package io.sluice.operator.status;

import io.sluice.operator.crd.ConditionedStatus;
import io.sluice.operator.crd.StatusCondition;
import io.sluice.operator.model.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What is worth an Event when a status changes: Ready flipping or changing reason, and a Conflict
 * appearing. Message-only changes (a new endpoint text) are not, so events stay rare.
 */
public record ConditionChange(boolean warning, String reason, String message) {

    public static List<ConditionChange> between(ConditionedStatus before, ConditionedStatus after) {
        List<ConditionChange> changes = new ArrayList<>();
        Optional<StatusCondition> oldReady = before == null ? Optional.empty() : before.condition(Verdict.READY);
        after.condition(Verdict.READY).ifPresent(ready -> {
            boolean changed = oldReady.map(o -> !Objects.equals(o.getStatus(), ready.getStatus())
                    || !Objects.equals(o.getReason(), ready.getReason())).orElse(true);
            if (changed) {
                changes.add(new ConditionChange(!"True".equals(ready.getStatus()), ready.getReason(),
                        ready.getMessage()));
            }
        });
        return changes;
    }
}
