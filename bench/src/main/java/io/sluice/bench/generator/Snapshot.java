package io.sluice.bench.generator;

import java.util.Map;

/** The generator's counters at one moment; errors by {@link ErrorKind} name. */
public record Snapshot(int connections, int streams, long delivered, long published, long errors,
                       Map<String, Long> errorsByKind, String lastError) {
}
