package io.sluice.bench.runner.scenario;

import io.sluice.bench.generator.Latency;

import java.util.Locale;

/** Number formats of the results table. */
final class Format {

    private Format() {
    }

    static String count(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    static String decimal(double value) {
        return String.format(Locale.ROOT, value >= 100 ? "%,.0f" : value >= 10 ? "%.1f" : "%.2f", value);
    }

    static String latency(Latency latency) {
        return "p50 " + decimal(latency.p50()) + " · p99 " + decimal(latency.p99()) + " · p999 "
                + decimal(latency.p999()) + " ms";
    }

    static String seconds(double value) {
        return String.format(Locale.ROOT, value == Math.rint(value) ? "%.0f s" : "%.1f s", value);
    }

    /** A ratio rounded for the table, kept as a number for the JSON. */
    static Double ratio(double proxied, double direct) {
        return direct > 0 ? Math.round(proxied / direct * 1000) / 1000.0 : null;
    }
}
