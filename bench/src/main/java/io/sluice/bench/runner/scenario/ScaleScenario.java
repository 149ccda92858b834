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
import static io.sluice.bench.runner.scenario.Format.ratio;
import static io.sluice.bench.runner.scenario.Format.seconds;

/**
 * P6: many concurrent streams on one node, half on each contract, held while the backend sends a
 * trickle on each. Zero errors means every stream opened, none was lost or reordered, and every one
 * received messages during the hold.
 */
public final class ScaleScenario implements Scenario {

    static final RowSpec P6 = new RowSpec("P6", "Scale: concurrent streams on one node",
            new Target("50k streams, zero errors", failures -> failures == 0, 50_000));

    @Override
    public String name() {
        return "scale";
    }

    @Override
    public List<RowSpec> rows() {
        return List.of(P6);
    }

    @Override
    public Outcome run(Bench bench) throws Exception {
        Profile profile = bench.profile();
        Layout layout = bench.layout(profile.scaleStreams());
        StreamSpec trickle = new StreamSpec(StreamSpec.Mode.PACED, profile.messageSize(), profile.scaleRatePerStream());
        List<StreamKind> kinds = List.of(StreamKind.SEED, StreamKind.V5);
        Bench.Routes routes = bench.proxiedThenDirect("P6", layout, kinds, trickle, 0, 0, profile.holdSeconds());
        Measured proxied = routes.proxied();
        Measured direct = routes.direct();
        String conditions = layout.describe() + ", half on each contract, " + decimal(profile.scaleRatePerStream())
                + " msg/s per stream, held " + seconds(profile.holdSeconds());
        long failures = failures(proxied);
        Row p6 = new Row(P6.id(), P6.title(), conditions,
                held(proxied) + "; node RSS " + count(proxied.end().get("node").rssKb() / 1024.0) + " MB",
                held(direct) + "; generator RSS " + count(direct.end().get("generator").rssKb() / 1024.0) + " MB",
                ratio(proxied.window().snapshot().streams(), direct.window().snapshot().streams()), "streams held, higher is better",
                P6.target().text(),
                P6.target().verdict(failures, proxied.open().streamsRequested()),
                Map.of("proxiedStreamsHeld", proxied.window().snapshot().streams(), "proxiedFailures", failures,
                        "directStreamsHeld", direct.window().snapshot().streams(), "directFailures", failures(direct)));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("proxied", proxied);
        details.put("direct", direct);
        return new Outcome(List.of(p6), details);
    }

    /** Streams not held to the end, errors of any kind, and streams that received nothing while held. */
    private static long failures(Measured measured) {
        int notHeld = measured.open().streamsRequested() - measured.window().snapshot().streams();
        return notHeld + measured.errors() + measured.window().silentStreams();
    }

    private static String held(Measured measured) {
        return count(measured.window().snapshot().streams()) + " of " + count(measured.open().streamsRequested())
                + " held, " + count(measured.errors()) + " errors, " + count(measured.window().silentStreams()) + " silent";
    }
}
