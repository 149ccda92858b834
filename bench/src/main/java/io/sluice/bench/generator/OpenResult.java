package io.sluice.bench.generator;

/** How opening went: what was asked, what is open, and how fast it got there. */
public record OpenResult(int connectionsRequested, int streamsRequested, int connectionsOpen, int streamsOpen,
                         long millis, double streamsPerSecond, Snapshot snapshot) {
}
