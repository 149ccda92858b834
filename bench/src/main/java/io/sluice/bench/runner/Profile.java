package io.sluice.bench.runner;

/**
 * How big and how long each scenario runs. {@link #quick()} fits in about three and a half minutes with
 * smaller counts; {@link #full()} runs at the counts the targets name.
 *
 * @param idleStreams          P1/P5: idle streams opened (memory per stream, set-up rate)
 * @param throughputStreams    P2/P4 (and P9's throughput): streams the backend floods
 * @param messageSize          bytes per backend message
 * @param latencyStreams       P3 (and P9's latency): streams at a fixed total rate
 * @param latencyRate          P3 (and P9's latency): total messages per second
 * @param scaleStreams         P6: concurrent streams on one node
 * @param scaleRatePerStream   P6: messages per stream and second while holding (every stream must get some)
 * @param echoStreams          P7: bidirectional streams
 * @param echoRatePerStream    P7: client publications per stream and second
 * @param broadcastSubscribers P8: subscribers on the second node
 * @param broadcastRate        P8: server-API publications per second into the first node
 * @param warmupSeconds        load run before each measurement, for the JIT and the caches
 * @param measureSeconds       length of a measurement window
 * @param holdSeconds          P6: how long the streams are held and checked
 * @param maxOpening           connections being set up at once
 */
public record Profile(String name, int idleStreams, int throughputStreams, int messageSize, int latencyStreams,
                      double latencyRate, int scaleStreams, double scaleRatePerStream, int echoStreams,
                      double echoRatePerStream, int broadcastSubscribers, double broadcastRate, double warmupSeconds,
                      double measureSeconds, double holdSeconds, int maxOpening) {

    public static Profile quick() {
        return new Profile("quick", 5_000, 1_000, 100, 1_000, 10_000, 10_000, 0.25, 1_000, 5, 1_000, 5_000,
                2, 4, 8, 200);
    }

    public static Profile full() {
        return new Profile("full", 20_000, 1_000, 100, 1_000, 10_000, 50_000, 0.1, 1_000, 5, 1_000, 5_000,
                5, 20, 25, 200);
    }

    /** A few seconds per scenario with ten clients: checks that the code runs, measures nothing. */
    public static Profile smoke() {
        return new Profile("smoke", 10, 10, 100, 10, 100, 10, 1, 10, 5, 10, 100, 0.5, 1, 2, 10);
    }

    public static Profile named(String name) {
        return switch (name) {
            case "quick" -> quick();
            case "full" -> full();
            case "smoke" -> smoke();
            default -> throw new IllegalArgumentException("unknown profile '" + name + "' (quick, full, smoke)");
        };
    }
}
