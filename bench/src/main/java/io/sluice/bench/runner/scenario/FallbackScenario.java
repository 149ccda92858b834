package io.sluice.bench.runner.scenario;

import io.sluice.bench.common.StreamKind;
import io.sluice.bench.common.StreamSpec;
import io.sluice.bench.generator.LoadSpec;
import io.sluice.bench.generator.Transport;
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

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.sluice.bench.runner.scenario.Format.count;
import static io.sluice.bench.runner.scenario.Format.decimal;
import static io.sluice.bench.runner.scenario.Format.latency;
import static io.sluice.bench.runner.scenario.Format.ratio;
import static io.sluice.bench.runner.scenario.Format.seconds;

/**
 * P9: P2's throughput and P3's latency through each WebSocket fallback, beside the same over
 * WebSocket, all through Sluice. Each transport gets a fresh backend, node and generator, so none
 * inherits another's warmed-up JIT or grown heap; on them it runs P2's flood, then P3's fixed rate.
 * Rows compare fallback ÷ WebSocket: in them the "through Sluice" figure is the fallback's and the
 * "direct" one WebSocket's.
 */
public final class FallbackScenario implements Scenario {

    private static final Target THROUGHPUT = Target.atLeast("≥ 0.7 of WebSocket's msg/s", 0.7, 0);
    private static final Target LATENCY = Target.atMost("p99 ≤ 2× WebSocket's", 2, 0);
    /** The fallbacks compared with WebSocket, in row order. */
    private static final List<Transport> FALLBACKS = List.of(Transport.HTTP_STREAM, Transport.SSE);

    /** One transport's two measurements, on the same processes. */
    public record TransportRun(Transport transport, Measured throughput, Measured latency) {

        double deliveredPerSecond() {
            return throughput.window().deliveredPerSecond();
        }

        /** CPU microseconds per delivered message of each process during the throughput window. */
        Map<String, Double> cpuMicrosPerMessage() {
            Map<String, Double> micros = new LinkedHashMap<>();
            long delivered = Math.max(1, throughput.window().delivered());
            throughput.used().forEach((process, stats) -> micros.put(process, stats.cpuSeconds() * 1e6 / delivered));
            micros.put("all", throughput.cpuSeconds() * 1e6 / delivered);
            return micros;
        }

        /** Every error the generator counted, from its first opening to the end of its last window. */
        long errors() {
            return latency.window().snapshot().errors();
        }
    }

    @Override
    public String name() {
        return "fallback";
    }

    @Override
    public List<RowSpec> rows() {
        List<RowSpec> rows = new ArrayList<>();
        for (Transport fallback : FALLBACKS) {
            rows.add(throughputRow(fallback));
            rows.add(latencyRow(fallback));
        }
        return rows;
    }

    private static RowSpec throughputRow(Transport fallback) {
        return new RowSpec("P9", fallback.label() + " ÷ WebSocket: throughput, delivered msg/s", THROUGHPUT);
    }

    private static RowSpec latencyRow(Transport fallback) {
        return new RowSpec("P9", fallback.label() + " ÷ WebSocket: latency at a fixed rate, end to end", LATENCY);
    }

    @Override
    public Outcome run(Bench bench) throws Exception {
        Profile profile = bench.profile();
        // A fallback client holds two sockets, its stream and its emulation connection: every transport
        // gets the layout that fits those, so all three run the same connections.
        Layout throughputLayout = bench.layout(profile.throughputStreams(), 2);
        Layout latencyLayout = bench.layout(profile.latencyStreams(), 2);
        Map<Transport, TransportRun> runs = new EnumMap<>(Transport.class);
        for (Transport transport : Transport.values()) {
            runs.put(transport, measure(bench, transport, throughputLayout, latencyLayout));
        }
        TransportRun webSocket = runs.get(Transport.WEBSOCKET);
        String window = seconds(profile.measureSeconds()) + " after " + seconds(profile.warmupSeconds()) + " warm-up";
        String compared = "; all through Sluice, each transport on its own fresh node and backend: WebSocket and "
                + "HTTP-streaming on Protobuf, SSE on JSON (it has no binary form)";
        List<Row> rows = new ArrayList<>();
        for (Transport fallback : FALLBACKS) {
            TransportRun run = runs.get(fallback);
            RowSpec throughput = throughputRow(fallback);
            Double throughputRatio = ratio(run.deliveredPerSecond(), webSocket.deliveredPerSecond());
            rows.add(new Row(throughput.id(), throughput.title(),
                    throughputLayout.describe() + ", " + profile.messageSize() + "-byte messages as fast as flow control allows, "
                            + window + compared,
                    fallback.label() + ": " + count(run.deliveredPerSecond()) + " msg/s (" + cpu(run) + ")",
                    "WebSocket: " + count(webSocket.deliveredPerSecond()) + " msg/s (" + cpu(webSocket) + ")",
                    throughputRatio, fallback.label() + " ÷ WebSocket msg/s, higher is better", THROUGHPUT.text(),
                    verdict(THROUGHPUT.verdict(throughputRatio == null ? 0 : throughputRatio, 0), run, webSocket),
                    Map.of("fallbackPerSecond", run.deliveredPerSecond(), "webSocketPerSecond", webSocket.deliveredPerSecond(),
                            "fallbackCpuMicrosPerMessage", run.cpuMicrosPerMessage(),
                            "webSocketCpuMicrosPerMessage", webSocket.cpuMicrosPerMessage())));
            RowSpec latency = latencyRow(fallback);
            Measured fallbackLatency = run.latency();
            Measured webSocketLatency = webSocket.latency();
            double p99 = fallbackLatency.window().latency().p99();
            Double latencyRatio = ratio(p99, webSocketLatency.window().latency().p99());
            rows.add(new Row(latency.id(), latency.title(),
                    latencyLayout.describe() + ", " + count(profile.latencyRate()) + " msg/s in all, " + profile.messageSize()
                            + "-byte messages, " + window + compared,
                    fallback.label() + ": " + latency(fallbackLatency.window().latency()) + " ("
                            + count(fallbackLatency.window().deliveredPerSecond()) + " msg/s)",
                    "WebSocket: " + latency(webSocketLatency.window().latency()) + " ("
                            + count(webSocketLatency.window().deliveredPerSecond()) + " msg/s)",
                    latencyRatio, fallback.label() + " ÷ WebSocket p99 latency, lower is better", LATENCY.text(),
                    verdict(Verdicts.withLatency(LATENCY.verdict(latencyRatio == null ? Double.MAX_VALUE : latencyRatio, 0),
                            fallbackLatency.window().latency(), webSocketLatency.window().latency()), run, webSocket),
                    Map.of("proxied", fallbackLatency.window().latency(), "direct", webSocketLatency.window().latency())));
        }
        Map<String, Object> details = new LinkedHashMap<>();
        runs.forEach((transport, run) -> details.put(transport.name().toLowerCase(Locale.ROOT), run));
        return new Outcome(rows, details);
    }

    /** Fresh backend, node and generator; P2's flood, then P3's fixed rate on the same processes. */
    private static TransportRun measure(Bench bench, Transport transport, Layout throughputLayout, Layout latencyLayout)
            throws Exception {
        Profile profile = bench.profile();
        String name = transport.name().toLowerCase(Locale.ROOT).replace('_', '-');
        StreamSpec flood = new StreamSpec(StreamSpec.Mode.FLOOD, profile.messageSize(), 0);
        StreamSpec paced = new StreamSpec(StreamSpec.Mode.PACED, profile.messageSize(),
                profile.latencyRate() / profile.latencyStreams());
        try (BackendProcess backend = bench.backend("backend-" + name);
             NodeProcess node = bench.node("node-" + name, backend.port(), null);
             GeneratorProcess generator = bench.generator("generator-" + name)) {
            bench.progress().watch("node", node.pid());
            backend.holdFloods();
            Measured throughput = bench.openAndMeasure("P9 " + transport.label() + " throughput", generator,
                    spec(bench, node, throughputLayout, flood, transport), profile.measureSeconds(),
                    Map.of("node", node.pid(), "backend", backend.pid(), "generator", generator.pid()),
                    backend::releaseFloods);
            generator.closeLoad();
            Measured latency = bench.openAndMeasure("P9 " + transport.label() + " latency", generator,
                    spec(bench, node, latencyLayout, paced, transport), profile.measureSeconds(), Map.of("node", node.pid()));
            return new TransportRun(transport, throughput, latency);
        }
    }

    private static LoadSpec spec(Bench bench, NodeProcess node, Layout layout, StreamSpec stream, Transport transport) {
        return bench.spec(LoadSpec.Route.PROXIED, node.port(), layout, List.of(StreamKind.SEED), stream, 0, 0).over(transport);
    }

    /** The node's CPU per message, and all processes'. */
    private static String cpu(TransportRun run) {
        Map<String, Double> micros = run.cpuMicrosPerMessage();
        return "CPU µs/msg: node " + decimal(micros.get("node")) + ", all " + decimal(micros.get("all"));
    }

    /** The comparison stands only when both transports opened every stream, and without errors. */
    private static String verdict(String verdict, TransportRun fallback, TransportRun webSocket) {
        for (TransportRun run : List.of(fallback, webSocket)) {
            for (Measured measured : List.of(run.throughput(), run.latency())) {
                if (measured.open().streamsOpen() < measured.open().streamsRequested()) {
                    return Verdicts.withErrors(verdict, measured.open(), 0);
                }
            }
        }
        long errors = fallback.errors() + webSocket.errors();
        return errors == 0 ? verdict : String.format(Locale.ROOT, "%s (%,d errors: %s %,d, WebSocket %,d)", verdict, errors,
                fallback.transport().label(), fallback.errors(), webSocket.errors());
    }
}
