package io.sluice.bench.generator;

/**
 * What a generator process prints, one JSON line each: a progress report every half second, or the
 * answer to a command ({@code reply} names it, with {@code open}, {@code window} or {@code error}).
 */
public record GeneratorLine(Snapshot progress, Double deliveredPerSecond, String reply, OpenResult open, Window window,
                            String error) {

    static GeneratorLine progress(Snapshot snapshot, double deliveredPerSecond) {
        return new GeneratorLine(snapshot, deliveredPerSecond, null, null, null, null);
    }

    static GeneratorLine done(String reply) {
        return new GeneratorLine(null, null, reply, null, null, null);
    }

    static GeneratorLine opened(OpenResult open) {
        return new GeneratorLine(null, null, "open", open, null, null);
    }

    static GeneratorLine measured(Window window) {
        return new GeneratorLine(null, null, "measure", null, window, null);
    }

    static GeneratorLine failed(String reply, String error) {
        return new GeneratorLine(null, null, reply, null, null, error);
    }
}
