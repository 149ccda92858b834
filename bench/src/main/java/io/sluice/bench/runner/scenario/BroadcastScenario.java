package io.sluice.bench.runner.scenario;

import io.sluice.bench.common.StreamKind;
import io.sluice.bench.common.StreamSpec;
import io.sluice.bench.generator.LoadSpec;
import io.sluice.bench.generator.api.PublishSpec;
import io.sluice.bench.report.Row;
import io.sluice.bench.report.Target;
import io.sluice.bench.runner.Bench;
import io.sluice.bench.runner.Bench.Measured;
import io.sluice.bench.runner.Layout;
import io.sluice.bench.runner.Profile;
import io.sluice.bench.runner.Scenario;
import io.sluice.bench.runner.process.BackendProcess;
import io.sluice.bench.runner.process.GeneratorProcess;
import io.sluice.bench.runner.process.NodeConfig;
import io.sluice.bench.runner.process.NodeProcess;
import io.sluice.bench.runner.process.RedisProcess;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.sluice.bench.runner.scenario.Format.count;
import static io.sluice.bench.runner.scenario.Format.latency;
import static io.sluice.bench.runner.scenario.Format.ratio;
import static io.sluice.bench.runner.scenario.Format.seconds;

/**
 * P8: two nodes on the Redis engine. Subscribers of plain channels sit on node B; publications go
 * into node A's server API at a fixed rate and must cross Redis. The baseline is the same rate
 * straight from the backend's gRPC streams to the same number of clients.
 */
public final class BroadcastScenario implements Scenario {

    static final RowSpec P8 = new RowSpec("P8", "Cross-node server-API publications through Redis: delivery latency",
            Target.NONE);
    static final String NO_REDIS_ENGINE = "the Redis engine is not available in this build";

    @Override
    public String name() {
        return "broadcast";
    }

    @Override
    public List<RowSpec> rows() {
        return List.of(P8);
    }

    @Override
    public Outcome run(Bench bench) throws Exception {
        Profile profile = bench.profile();
        Layout layout = bench.layout(profile.broadcastSubscribers());
        Measured proxied;
        Measured direct;
        try (BackendProcess backend = bench.backend(); RedisProcess redis = RedisProcess.start()) {
            NodeProcess nodeA;
            try {
                nodeA = bench.node("node-a", backend.port(), redis.address());
            } catch (NodeProcess.NodeRefusedException e) {
                if (e.getMessage().contains("engine")) {
                    return new Outcome(List.of(Row.notRun(P8.id(), P8.title(), P8.target().text(), NO_REDIS_ENGINE)),
                            Map.of("nodeOutput", e.getMessage()));
                }
                throw e;
            }
            try (nodeA; NodeProcess nodeB = bench.node("node-b", backend.port(), redis.address());
                 GeneratorProcess generator = bench.generator("generator-proxied")) {
                bench.progress().watch("node-b", nodeB.pid());
                PublishSpec publish = new PublishSpec("127.0.0.1", nodeA.port(), NodeConfig.API_KEY,
                        profile.broadcastSubscribers(), profile.broadcastRate(), profile.messageSize());
                proxied = bench.openAndMeasure("P8 proxied", generator,
                        bench.spec(LoadSpec.Route.PROXIED, nodeB.port(), layout, List.of(StreamKind.PLAIN), StreamSpec.idle(), 0, 0),
                        profile.measureSeconds(), Map.of("node-a", nodeA.pid(), "node-b", nodeB.pid()),
                        () -> generator.publish(publish));
            }
            StreamSpec paced = new StreamSpec(StreamSpec.Mode.PACED, profile.messageSize(),
                    profile.broadcastRate() / profile.broadcastSubscribers());
            try (GeneratorProcess generator = bench.generator("generator-direct")) {
                bench.progress().watch("generator", generator.pid());
                direct = bench.openAndMeasure("P8 direct", generator,
                        bench.spec(LoadSpec.Route.DIRECT, backend.port(), layout, List.of(StreamKind.SEED), paced, 0, 0),
                        profile.measureSeconds(), Map.of("generator", generator.pid()));
            }
        }
        String conditions = count(profile.broadcastSubscribers()) + " subscribers on node B, one channel each; "
                + count(profile.broadcastRate()) + " publications/s into node A's API, " + profile.messageSize() + " bytes, "
                + seconds(profile.measureSeconds()) + " after " + seconds(profile.warmupSeconds()) + " warm-up";
        Row p8 = new Row(P8.id(), P8.title(), conditions,
                latency(proxied.window().latency()) + " (" + count(proxied.window().deliveredPerSecond()) + " of "
                        + count(proxied.window().publishedPerSecond()) + " published/s delivered)",
                latency(direct.window().latency()) + " (" + count(direct.window().deliveredPerSecond()) + " msg/s)",
                ratio(proxied.window().latency().p99(), direct.window().latency().p99()), "p99 latency, lower is better",
                P8.target().text(),
                Verdicts.withErrors(Verdicts.withLatency(P8.target().verdict(0, 0), proxied.window().latency(),
                        direct.window().latency()), proxied.open(), proxied.errors()),
                Map.of("proxied", proxied.window().latency(), "direct", direct.window().latency()));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("proxied", proxied);
        details.put("direct", direct);
        return new Outcome(List.of(p8), details);
    }
}
