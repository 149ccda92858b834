package io.sluice.bench.runner.scenario;

import io.sluice.bench.generator.Latency;
import io.sluice.bench.generator.OpenResult;

import java.util.Locale;

/** What qualifies a verdict beyond the figure itself. */
final class Verdicts {

    private Verdicts() {
    }

    /** The verdict, or "missed" with the reason when not every stream opened or errors occurred. */
    static String withErrors(String verdict, OpenResult open, long errors) {
        if (open.streamsOpen() < open.streamsRequested()) {
            return String.format(Locale.ROOT, "missed: %,d of %,d streams opened", open.streamsOpen(), open.streamsRequested());
        }
        if (errors > 0) {
            return verdict + String.format(Locale.ROOT, " (%,d errors)", errors);
        }
        return verdict;
    }

    /** A latency figure needs messages behind it: with none measured the verdict says so. */
    static String withLatency(String verdict, Latency proxied, Latency direct) {
        if (proxied.count() == 0 || direct.count() == 0) {
            return "missed: no messages measured " + (proxied.count() == 0 ? "through Sluice" : "directly");
        }
        return verdict;
    }
}
