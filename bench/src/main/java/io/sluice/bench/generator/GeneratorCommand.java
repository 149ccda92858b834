package io.sluice.bench.generator;

import io.sluice.bench.generator.api.PublishSpec;

/**
 * What the runner asks of a generator process, one JSON line on its stdin each:
 * {@code open} (with {@code spec}), {@code measure} (for {@code seconds}), {@code publish} (with
 * {@code publish}), {@code close} and {@code exit}.
 */
public record GeneratorCommand(String op, LoadSpec spec, double seconds, PublishSpec publish) {

    public static GeneratorCommand open(LoadSpec spec) {
        return new GeneratorCommand("open", spec, 0, null);
    }

    public static GeneratorCommand measure(double seconds) {
        return new GeneratorCommand("measure", null, seconds, null);
    }

    public static GeneratorCommand publish(PublishSpec publish) {
        return new GeneratorCommand("publish", null, 0, publish);
    }

    public static GeneratorCommand close() {
        return new GeneratorCommand("close", null, 0, null);
    }
}
