package io.sluice.operator.model;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;

/**
 * Who wins a conflict: the oldest resource (creationTimestamp), then namespace and name, so the
 * decision never depends on the order the API server lists things in.
 */
final class Seniority {
    private static final Comparator<HasMetadata> OLDEST_FIRST = Comparator
            .comparing(Seniority::created, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(ResourceKey::of);

    private Seniority() {
    }

    static <T extends HasMetadata> Comparator<T> oldestFirst() {
        return OLDEST_FIRST::compare;
    }

    private static Instant created(HasMetadata resource) {
        String text = resource.getMetadata().getCreationTimestamp();
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
