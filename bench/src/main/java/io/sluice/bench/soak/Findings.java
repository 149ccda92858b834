package io.sluice.bench.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** What the soak counted (checks passed, faults, codes seen) and every invariant violation, by invariant. */
final class Findings {

    /** Enough examples to debug from; every violation is counted all the same. */
    private static final int KEPT_EXAMPLES = 20;

    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> violations = new ConcurrentHashMap<>();
    private final Map<String, List<String>> examples = new ConcurrentHashMap<>();
    private final long startNanos = System.nanoTime();

    void count(String what) {
        count(what, 1);
    }

    void count(String what, long n) {
        counts.computeIfAbsent(what, k -> new AtomicLong()).addAndGet(n);
    }

    void violation(Invariant invariant, String detail) {
        violations.computeIfAbsent(invariant.name(), k -> new AtomicLong()).incrementAndGet();
        List<String> kept = examples.computeIfAbsent(invariant.name(), k -> new ArrayList<>());
        synchronized (kept) {
            if (kept.size() < KEPT_EXAMPLES) {
                kept.add(String.format("t=%.1fs %s", (System.nanoTime() - startNanos) / 1e9, detail));
            }
        }
    }

    Map<String, Long> counts() {
        return snapshot(counts);
    }

    Map<String, Long> violations() {
        return snapshot(violations);
    }

    long totalViolations() {
        return violations.values().stream().mapToLong(AtomicLong::get).sum();
    }

    Map<String, List<String>> examples() {
        Map<String, List<String>> out = new TreeMap<>();
        examples.forEach((k, v) -> {
            synchronized (v) {
                out.put(k, List.copyOf(v));
            }
        });
        return out;
    }

    private static Map<String, Long> snapshot(Map<String, AtomicLong> map) {
        Map<String, Long> out = new TreeMap<>();
        map.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }
}
