package io.sluice.operator.model;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Comparator;

/** Namespace and name of an object; how statuses are matched back to their resources. */
public record ResourceKey(String namespace, String name) implements Comparable<ResourceKey> {
    private static final Comparator<ResourceKey> ORDER =
            Comparator.comparing(ResourceKey::namespace).thenComparing(ResourceKey::name);

    public static ResourceKey of(HasMetadata resource) {
        return new ResourceKey(resource.getMetadata().getNamespace(), resource.getMetadata().getName());
    }

    @Override
    public int compareTo(ResourceKey other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
