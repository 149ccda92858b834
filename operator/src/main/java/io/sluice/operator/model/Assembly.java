package io.sluice.operator.model;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** The assembler's whole answer: the routing file and a status for every resource it was given. */
public record Assembly(RoutingConfig routing, String routingJson, SortedMap<ResourceKey, Outcome> backends,
                       SortedMap<ResourceKey, Outcome> namespaces) {
    public Assembly {
        backends = Collections.unmodifiableSortedMap(new TreeMap<>(backends));
        namespaces = Collections.unmodifiableSortedMap(new TreeMap<>(namespaces));
    }

    public Outcome backend(ResourceKey key) {
        return backends.get(key);
    }

    public Outcome namespace(ResourceKey key) {
        return namespaces.get(key);
    }

    public long notReady() {
        return count(backends) + count(namespaces);
    }

    private static long count(Map<ResourceKey, Outcome> outcomes) {
        return outcomes.values().stream().filter(o -> !o.ready()).count();
    }
}
