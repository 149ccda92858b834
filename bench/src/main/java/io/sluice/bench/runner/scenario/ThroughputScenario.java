package io.sluice.bench.runner.scenario;

import io.sluice.bench.common.StreamKind;
import io.sluice.bench.common.StreamSpec;
import io.sluice.bench.generator.LoadSpec;
import io.sluice.bench.report.Row;
import io.sluice.bench.report.Target;
import io.sluice.bench.runner.Bench;
import io.sluice.bench.runner.Bench.Measured;
import io.sluice.bench.runner.Layout;
import io.sluice.bench.runner.Profile;
import io.sluice.bench.runner.Scenario;
import io.sluice.bench.runner.process.BackendProcess;
import io.sluice.bench.runner.process.GeneratorProcess;
import io.sluice.bench.runner.process.NodeProcess;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.sluice.bench.runner.scenario.Format.count;
import static io.sluice.bench.runner.scenario.Format.ratio;
import static io.sluice.bench.runner.scenario.Format.seconds;

/**
 * P2 and P4: the backend sends on every stream as fast as gRPC flow control allows (starting once all
 * are open); what reaches the clients per second, and per CPU-second of the node (and of all
 * processes, for the baseline).
 */
public final class ThroughputScenario implements Scenario {

    static final RowSpec P2 = new RowSpec("P2", "Throughput: delivered msg/s",
            Target.atLeast("proxied ÷ direct ≥ 0.5", 0.5, 0));
    static final RowSpec P4 = new RowSpec("P4", "Efficiency: delivered msg per node CPU-second",
            Target.atLeast("≥ 50k", 50_000, 0));

    @Override
    public String name() {
        return "throughput";
    }

    @Override
    public List<RowSpec> rows() {
        return List.of(P2, P4);
    }

    @Override
    public Outcome run(Bench bench) throws Exception {
        Profile profile = bench.profile();
        Layout layout = bench.layout(profile.throughputStreams());
        StreamSpec flood = new StreamSpec(StreamSpec.Mode.FLOOD, profile.messageSize(), 0);
        Measured proxied;
        Measured direct;
        // Each route gets a fresh backend, so neither inherits the other's warmed-up JIT or grown heap.
        try (BackendProcess backend = bench.backend("backend-proxied");
             NodeProcess node = bench.node("node", backend.port(), null);
             GeneratorProcess generator = bench.generator("generator-proxied")) {
            bench.progress().watch("node", node.pid());
            backend.holdFloods();
            proxied = bench.openAndMeasure("P2/P4 proxied", generator,
                    bench.spec(LoadSpec.Route.PROXIED, node.port(), layout, List.of(StreamKind.SEED), flood, 0, 0),
                    profile.measureSeconds(), Map.of("node", node.pid(), "backend", backend.pid(), "generator", generator.pid()),
                    backend::releaseFloods);
        }
        try (BackendProcess backend = bench.backend("backend-direct");
             GeneratorProcess generator = bench.generator("generator-direct")) {
            bench.progress().watch("generator", generator.pid());
            backend.holdFloods();
            direct = bench.openAndMeasure("P2/P4 direct", generator,
                    bench.spec(LoadSpec.Route.DIRECT, backend.port(), layout, List.of(StreamKind.SEED), flood, 0, 0),
                    profile.measureSeconds(), Map.of("backend", backend.pid(), "generator", generator.pid()),
                    backend::releaseFloods);
        }
        String conditions = layout.describe() + ", " + profile.messageSize() + "-byte messages as fast as flow control allows, "
                + seconds(profile.measureSeconds()) + " after " + seconds(profile.warmupSeconds()) + " warm-up";
        double proxiedRate = proxied.window().deliveredPerSecond();
        double directRate = direct.window().deliveredPerSecond();
        Double throughputRatio = ratio(proxiedRate, directRate);
        Row p2 = new Row(P2.id(), P2.title(), conditions, count(proxiedRate) + " msg/s", count(directRate) + " msg/s",
                throughputRatio, "msg/s, higher is better", P2.target().text(),
                Verdicts.withErrors(P2.target().verdict(throughputRatio == null ? 0 : throughputRatio, 0), proxied.open(),
                        proxied.errors()),
                Map.of("proxiedPerSecond", proxiedRate, "directPerSecond", directRate));

        double nodeCpu = proxied.used().get("node").cpuSeconds();
        double perNodeCpu = proxied.window().delivered() / Math.max(0.01, nodeCpu);
        double proxiedPerCpu = proxied.window().delivered() / Math.max(0.01, proxied.cpuSeconds());
        double directPerCpu = direct.window().delivered() / Math.max(0.01, direct.cpuSeconds());
        Row p4 = new Row(P4.id(), P4.title(), conditions + "; ratio: msg per CPU-second of all processes",
                count(perNodeCpu) + " msg per node CPU-s (" + count(proxiedPerCpu) + " per CPU-s of node + backend + generator)",
                count(directPerCpu) + " msg per CPU-s of backend + generator",
                ratio(proxiedPerCpu, directPerCpu), "msg per CPU-s of all processes, higher is better", P4.target().text(),
                Verdicts.withErrors(P4.target().verdict(perNodeCpu, 0), proxied.open(), proxied.errors()),
                Map.of("perNodeCpuSecond", perNodeCpu, "proxiedPerCpuSecond", proxiedPerCpu, "directPerCpuSecond", directPerCpu,
                        "nodeCpuSeconds", nodeCpu));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("proxied", proxied);
        details.put("direct", direct);
        return new Outcome(List.of(p2, p4), details);
    }
}
