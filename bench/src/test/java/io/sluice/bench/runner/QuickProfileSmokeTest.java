package io.sluice.bench.runner;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.bench.BenchMain;
import io.sluice.bench.common.Json;
import io.sluice.bench.generator.Latency;
import io.sluice.bench.report.Row;
import io.sluice.bench.report.RunReport;
import io.sluice.bench.runner.process.JavaLaunch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark code runs end to end: a tiny throughput scenario (ten clients, about a second per
 * route) with node, backend and generator as separate JVMs, producing sane figures and the three
 * report files; the cross-node scenario, two nodes and a redis-server included; and the transport
 * comparison, ten clients over each of WebSocket, HTTP-streaming and SSE. It measures nothing: the
 * profiles do that, outside the test run.
 */
class QuickProfileSmokeTest {

    @Test
    void aTinyScenarioProducesFiguresAndReports(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        Path out = dir.resolve("out");

        RunReport report = runner(dir, progress).run(Set.of("P2", "P8"), out, "smoke");

        assertThat(report.rows()).extracting(Row::id).containsExactly("P2", "P4", "P8");
        Row throughput = report.rows().get(0);
        assertThat(throughput.verdict()).doesNotStartWith("failed");
        assertThat((Double) throughput.values().get("proxiedPerSecond")).isPositive();
        assertThat((Double) throughput.values().get("directPerSecond")).isPositive();
        assertThat(throughput.ratio()).isPositive();
        assertThat((Double) report.rows().get(1).values().get("perNodeCpuSecond")).isPositive();

        JsonNode json = Json.MAPPER.readTree(out.resolve("smoke.json").toFile());
        for (String route : List.of("proxied", "direct")) {
            JsonNode window = json.at("/scenarios/0/details/" + route + "/window");
            assertThat(window.at("/delivered").asLong()).as(route + " deliveries").isPositive();
            assertThat(window.at("/errors").asLong()).as(route + " errors").isZero();
            assertThat(window.at("/latency/count").asLong()).as(route + " latency samples").isPositive();
            assertThat(window.at("/latency/p50").asDouble()).as(route + " median latency").isPositive();
        }
        assertThat(json.at("/loadAtStart/one").asDouble()).isNotNegative();

        Row broadcast = report.rows().get(2);
        assertThat(broadcast.verdict()).isEqualTo("—");
        assertThat(((Latency) broadcast.values().get("proxied")).count()).as("publications across Redis").isPositive();
        assertThat(((Latency) broadcast.values().get("direct")).count()).isPositive();
        assertThat(Files.readString(out.resolve("smoke.md"))).contains("| P2 |", "| P4 |", "Load average");
        assertThat(Files.readString(out.resolve("smoke.svg"))).startsWith("<svg").contains("P2 msg/s");
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("P2/P4 proxied: measuring", "P2/P4 direct: measuring");
    }

    @Test
    void theFallbacksCarryThroughputAndLatencyBesideWebSocket(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        Path out = dir.resolve("out");

        RunReport report = runner(dir, progress).run(Set.of("P9"), out, "smoke");

        assertThat(report.rows()).extracting(Row::id).containsExactly("P9", "P9", "P9", "P9");
        assertThat(report.rows()).extracting(Row::title).containsExactly(
                "HTTP-streaming ÷ WebSocket: throughput, delivered msg/s",
                "HTTP-streaming ÷ WebSocket: latency at a fixed rate, end to end",
                "SSE ÷ WebSocket: throughput, delivered msg/s",
                "SSE ÷ WebSocket: latency at a fixed rate, end to end");
        for (Row row : report.rows()) {
            assertThat(row.verdict()).as(row.title()).isIn("met", "missed");
            assertThat(row.ratio()).as(row.title()).isPositive();
        }
        JsonNode json = Json.MAPPER.readTree(out.resolve("smoke.json").toFile());
        for (String transport : List.of("websocket", "http_stream", "sse")) {
            for (String window : List.of("throughput", "latency")) {
                JsonNode measured = json.at("/scenarios/0/details/" + transport + "/" + window);
                String what = transport + " " + window;
                assertThat(measured.at("/open/streamsOpen").asInt()).as(what + " streams").isEqualTo(10);
                assertThat(measured.at("/window/delivered").asLong()).as(what + " deliveries").isPositive();
                assertThat(measured.at("/window/latency/count").asLong()).as(what + " latency samples").isPositive();
                assertThat(measured.at("/window/snapshot/errors").asLong()).as(what + " errors").isZero();
            }
        }
        assertThat(Files.readString(out.resolve("smoke.md"))).contains("| P9 | HTTP-streaming ÷ WebSocket", "| P9 | SSE ÷ WebSocket");
        assertThat(Files.readString(out.resolve("smoke.svg"))).contains("P9 SSE ÷ WebSocket msg/s");
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("P9 HTTP-streaming latency: measuring",
                "P9 SSE throughput: measuring");
    }

    private static Runner runner(Path dir, ByteArrayOutputStream progress) {
        String classpath = System.getProperty("java.class.path");
        Bench.Settings settings = new Bench.Settings(Profile.smoke(), new JavaLaunch(classpath, BenchMain.class.getName()),
                new JavaLaunch(classpath, "io.sluice.node.SluiceNode"), List.of(), dir.resolve("logs"),
                Machine.descriptorLimit(), null);
        return new Runner(settings, new ProgressLine(new PrintStream(progress, true, StandardCharsets.UTF_8), false));
    }
}
