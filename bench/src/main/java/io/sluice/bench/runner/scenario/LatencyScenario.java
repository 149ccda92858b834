package io.sluice.bench.runner.scenario;

import io.sluice.bench.common.StreamKind;
import io.sluice.bench.common.StreamSpec;
import io.sluice.bench.report.Row;
import io.sluice.bench.report.Target;
import io.sluice.bench.runner.Bench;
import io.sluice.bench.runner.Bench.Measured;
import io.sluice.bench.runner.Layout;
import io.sluice.bench.runner.Profile;
import io.sluice.bench.runner.Scenario;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.sluice.bench.runner.scenario.Format.count;
import static io.sluice.bench.runner.scenario.Format.latency;
import static io.sluice.bench.runner.scenario.Format.ratio;
import static io.sluice.bench.runner.scenario.Format.seconds;

/** P3: end-to-end latency (backend send to client receive) at a fixed total rate spread over the streams. */
public final class LatencyScenario implements Scenario {

    static final RowSpec P3 = new RowSpec("P3", "Latency at a fixed rate, end to end",
            Target.atMost("p99 ≤ 5 ms at 10k msg/s over 1k streams", 5, 0));

    @Override
    public String name() {
        return "latency";
    }

    @Override
    public List<RowSpec> rows() {
        return List.of(P3);
    }

    @Override
    public Outcome run(Bench bench) throws Exception {
        Profile profile = bench.profile();
        Layout layout = bench.layout(profile.latencyStreams());
        StreamSpec paced = new StreamSpec(StreamSpec.Mode.PACED, profile.messageSize(),
                profile.latencyRate() / profile.latencyStreams());
        Bench.Routes routes = bench.proxiedThenDirect("P3", layout, List.of(StreamKind.SEED), paced, 0, 0, profile.measureSeconds());
        Measured proxied = routes.proxied();
        Measured direct = routes.direct();
        String conditions = layout.describe() + ", " + count(profile.latencyRate()) + " msg/s in all, "
                + profile.messageSize() + "-byte messages, " + seconds(profile.measureSeconds()) + " after "
                + seconds(profile.warmupSeconds()) + " warm-up";
        double p99 = proxied.window().latency().p99();
        Row p3 = new Row(P3.id(), P3.title(), conditions,
                latency(proxied.window().latency()) + " (" + count(proxied.window().deliveredPerSecond()) + " msg/s)",
                latency(direct.window().latency()) + " (" + count(direct.window().deliveredPerSecond()) + " msg/s)",
                ratio(p99, direct.window().latency().p99()), "p99 latency, lower is better", P3.target().text(),
                Verdicts.withErrors(Verdicts.withLatency(P3.target().verdict(p99, 0), proxied.window().latency(),
                        direct.window().latency()), proxied.open(), proxied.errors()),
                Map.of("proxied", proxied.window().latency(), "direct", direct.window().latency()));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("proxied", proxied);
        details.put("direct", direct);
        return new Outcome(List.of(p3), details);
    }
}
