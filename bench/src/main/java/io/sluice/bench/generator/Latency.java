package io.sluice.bench.generator;

/** Latency percentiles of a measurement window, in milliseconds. */
public record Latency(long count, double p50, double p99, double p999, double max, double mean) {
}
