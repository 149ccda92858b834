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
import static io.sluice.bench.runner.scenario.Format.decimal;
import static io.sluice.bench.runner.scenario.Format.latency;
import static io.sluice.bench.runner.scenario.Format.ratio;
import static io.sluice.bench.runner.scenario.Format.seconds;

/** P7: clients publish into bidirectional streams and the backend sends each publication back. */
public final class EchoScenario implements Scenario {

    static final RowSpec P7 = new RowSpec("P7", "Bidirectional echo round trip", Target.NONE);

    @Override
    public String name() {
        return "echo";
    }

    @Override
    public List<RowSpec> rows() {
        return List.of(P7);
    }

    @Override
    public Outcome run(Bench bench) throws Exception {
        Profile profile = bench.profile();
        Layout layout = bench.layout(profile.echoStreams());
        StreamSpec echo = new StreamSpec(StreamSpec.Mode.ECHO, profile.messageSize(), 0);
        List<StreamKind> kinds = List.of(StreamKind.SEED_BIDI);
        Bench.Routes routes = bench.proxiedThenDirect("P7", layout, kinds, echo, profile.echoRatePerStream(), profile.messageSize(),
                profile.measureSeconds());
        Measured proxied = routes.proxied();
        Measured direct = routes.direct();
        String conditions = layout.describe() + ", " + decimal(profile.echoRatePerStream()) + " publications/s per stream ("
                + count(profile.echoRatePerStream() * profile.echoStreams()) + "/s), " + profile.messageSize()
                + " bytes, " + seconds(profile.measureSeconds()) + " after " + seconds(profile.warmupSeconds()) + " warm-up";
        Row p7 = new Row(P7.id(), P7.title(), conditions,
                latency(proxied.window().latency()) + " (" + count(proxied.window().deliveredPerSecond()) + " echoes/s)",
                latency(direct.window().latency()) + " (" + count(direct.window().deliveredPerSecond()) + " echoes/s)",
                ratio(proxied.window().latency().p99(), direct.window().latency().p99()), "p99 round trip, lower is better",
                P7.target().text(),
                Verdicts.withErrors(Verdicts.withLatency(P7.target().verdict(0, 0), proxied.window().latency(),
                        direct.window().latency()), proxied.open(), proxied.errors()),
                Map.of("proxied", proxied.window().latency(), "direct", direct.window().latency()));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("proxied", proxied);
        details.put("direct", direct);
        return new Outcome(List.of(p7), details);
    }
}
