package io.sluice.bench.runner.scenario;

import io.sluice.bench.common.StreamKind;
import io.sluice.bench.common.StreamSpec;
import io.sluice.bench.generator.LoadSpec;
import io.sluice.bench.generator.OpenResult;
import io.sluice.bench.report.Row;
import io.sluice.bench.report.Target;
import io.sluice.bench.runner.Bench;
import io.sluice.bench.runner.Layout;
import io.sluice.bench.runner.Scenario;
import io.sluice.bench.runner.process.BackendProcess;
import io.sluice.bench.runner.process.GeneratorProcess;
import io.sluice.bench.runner.process.Jcmd;
import io.sluice.bench.runner.process.NodeProcess;
import io.sluice.bench.runner.process.ProcStats;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.sluice.bench.runner.scenario.Format.count;
import static io.sluice.bench.runner.scenario.Format.decimal;
import static io.sluice.bench.runner.scenario.Format.ratio;

/**
 * P1 and P5: idle subscription streams. Memory is the resident-set growth of the process that holds
 * the streams (the node; for the direct baseline the generator holding gRPC streams itself) when
 * they open, each reading taken after a full GC, on a process warmed up by opening and closing a
 * quarter as many. The set-up rate is timed on a second opening of all of them, once the JIT has
 * compiled the set-up path: the first opening of a fresh JVM runs much of it interpreted.
 */
public final class IdleScenario implements Scenario {

    static final RowSpec P1 = new RowSpec("P1", "Idle streams: RSS growth per stream (connection + gRPC stream)",
            Target.atMost("≤ 8 KB at 20k streams", 8, 20_000));
    static final RowSpec P5 = new RowSpec("P5", "Set-up: subscription streams established per second",
            Target.atLeast("≥ 3k/s", 3_000, 0));

    private static final long SETTLE_MILLIS = 2_000;

    /**
     * One route's readings: resident set and live heap around the first opening (after a full GC
     * each), and the second opening, whose rate is the set-up figure.
     */
    record Memory(ProcStats before, ProcStats after, long heapBeforeKb, long heapAfterKb, OpenResult open,
                  OpenResult reopen) {
        double kbPerStream() {
            return (after.rssKb() - before.rssKb()) / (double) Math.max(1, open.streamsOpen());
        }

        double heapKbPerStream() {
            return (heapAfterKb - heapBeforeKb) / (double) Math.max(1, open.streamsOpen());
        }

        String describe(String holder) {
            return decimal(kbPerStream()) + " KB/stream (" + holder + " RSS +" + count((after.rssKb() - before.rssKb()) / 1024.0)
                    + " MB; live heap " + decimal(heapKbPerStream()) + " KB/stream)";
        }
    }

    @Override
    public String name() {
        return "idle";
    }

    @Override
    public List<RowSpec> rows() {
        return List.of(P1, P5);
    }

    @Override
    public Outcome run(Bench bench) throws Exception {
        int streams = bench.profile().idleStreams();
        Layout layout = bench.layout(streams);
        Layout warm = bench.layout(Math.max(1, streams / 4));
        Memory proxied;
        Memory direct;
        try (BackendProcess backend = bench.backend()) {
            try (NodeProcess node = bench.node("node", backend.port(), null);
                 GeneratorProcess generator = bench.generator("generator-proxied")) {
                bench.progress().watch("node", node.pid());
                proxied = measure(bench, "P1/P5 proxied", generator, node.pid(),
                        spec(bench, LoadSpec.Route.PROXIED, node.port(), warm), spec(bench, LoadSpec.Route.PROXIED, node.port(), layout));
            }
            try (GeneratorProcess generator = bench.generator("generator-direct")) {
                bench.progress().watch("generator", generator.pid());
                direct = measure(bench, "P1/P5 direct", generator, generator.pid(),
                        spec(bench, LoadSpec.Route.DIRECT, backend.port(), warm), spec(bench, LoadSpec.Route.DIRECT, backend.port(), layout));
            }
        }
        String conditions = layout.describe() + ", idle (accepted, then no messages)";
        Row p1 = new Row(P1.id(), P1.title(), conditions,
                proxied.describe("node"), direct.describe("generator"),
                ratio(proxied.kbPerStream(), direct.kbPerStream()), "KB per stream, lower is better", P1.target().text(),
                Verdicts.withErrors(P1.target().verdict(proxied.kbPerStream(), proxied.open().streamsOpen()), proxied.open(),
                        proxied.open().snapshot().errors()),
                Map.of("proxiedKbPerStream", proxied.kbPerStream(), "directKbPerStream", direct.kbPerStream(),
                        "proxiedHeapKbPerStream", proxied.heapKbPerStream(), "directHeapKbPerStream", direct.heapKbPerStream()));
        Row p5 = new Row(P5.id(), P5.title(), conditions + ", " + bench.profile().maxOpening()
                + " connections setting up at once, timed on a second opening",
                setUp(proxied.reopen()) + "; first opening " + count(proxied.open().streamsPerSecond()) + "/s",
                setUp(direct.reopen()) + "; first opening " + count(direct.open().streamsPerSecond()) + "/s",
                ratio(proxied.reopen().streamsPerSecond(), direct.reopen().streamsPerSecond()), "streams/s, higher is better", P5.target().text(),
                Verdicts.withErrors(P5.target().verdict(proxied.reopen().streamsPerSecond(), 0), proxied.reopen(),
                        proxied.reopen().snapshot().errors()),
                Map.of("proxiedStreamsPerSecond", proxied.reopen().streamsPerSecond(),
                        "directStreamsPerSecond", direct.reopen().streamsPerSecond(),
                        "proxiedFirstOpeningPerSecond", proxied.open().streamsPerSecond(),
                        "directFirstOpeningPerSecond", direct.open().streamsPerSecond()));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("proxied", proxied);
        details.put("direct", direct);
        return new Outcome(List.of(p1, p5), details);
    }

    private static String setUp(OpenResult open) {
        return count(open.streamsPerSecond()) + " streams/s (" + count(open.streamsOpen()) + " in "
                + decimal(open.millis() / 1000.0) + " s)";
    }

    private static LoadSpec spec(Bench bench, LoadSpec.Route route, int port, Layout layout) {
        return bench.spec(route, port, layout, List.of(StreamKind.SEED), StreamSpec.idle(), 0, 0);
    }

    private static Memory measure(Bench bench, String label, GeneratorProcess generator, long holder, LoadSpec warm,
                                  LoadSpec spec) throws IOException, InterruptedException {
        bench.progress().phase(label + ": warm-up (open and close " + count(warm.streams()) + " streams)");
        generator.open(warm);
        generator.closeLoad();
        Thread.sleep(SETTLE_MILLIS);
        Jcmd.gc(holder);
        ProcStats before = ProcStats.of(holder);
        long heapBefore = Jcmd.heapUsedKb(holder);
        bench.progress().phase(label + ": opening " + count(spec.streams()) + " streams");
        OpenResult open = generator.open(spec);
        bench.progress().phase(label + ": settling");
        Thread.sleep(SETTLE_MILLIS);
        Jcmd.gc(holder);
        ProcStats after = ProcStats.of(holder);
        long heapAfter = Jcmd.heapUsedKb(holder);
        generator.closeLoad();
        Thread.sleep(SETTLE_MILLIS);
        bench.progress().phase(label + ": opening them again, timed");
        OpenResult reopen = generator.open(spec);
        return new Memory(before, after, heapBefore, heapAfter, open, reopen);
    }
}
