package io.sluice.bench.generator;

/**
 * One measurement window: deliveries, publications, latency and errors counted inside it, and the
 * number of open streams that received nothing during it.
 */
public record Window(double seconds, long delivered, double deliveredPerSecond, long published,
                     double publishedPerSecond, Latency latency, long errors, int silentStreams, Snapshot snapshot) {
}
