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
 * report files; and the cross-node scenario, two nodes and a redis-server included. It measures
 * nothing: the profiles do that, outside the test run.
 */
class QuickProfileSmokeTest {

    @Test
    void aTinyScenarioProducesFiguresAndReports(@TempDir Path dir) throws Exception {
        String classpath = System.getProperty("java.class.path");
        Bench.Settings settings = new Bench.Settings(Profile.smoke(), new JavaLaunch(classpath, BenchMain.class.getName()),
                new JavaLaunch(classpath, "io.sluice.node.SluiceNode"), List.of(), dir.resolve("logs"),
                Machine.descriptorLimit(), null);
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        Path out = dir.resolve("out");

        RunReport report = new Runner(settings, new ProgressLine(new PrintStream(progress, true, StandardCharsets.UTF_8), false))
                .run(Set.of("P2", "P8"), out, "smoke");

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
}
