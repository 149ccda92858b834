package io.sluice.bench.runner;

import io.sluice.bench.report.LoadAverage;
import io.sluice.bench.report.Reports;
import io.sluice.bench.report.Row;
import io.sluice.bench.report.RunReport;
import io.sluice.bench.report.ScenarioResult;
import io.sluice.bench.runner.process.JavaLaunch;
import io.sluice.bench.runner.scenario.BroadcastScenario;
import io.sluice.bench.runner.scenario.EchoScenario;
import io.sluice.bench.runner.scenario.FallbackScenario;
import io.sluice.bench.runner.scenario.IdleScenario;
import io.sluice.bench.runner.scenario.LatencyScenario;
import io.sluice.bench.runner.scenario.ScaleScenario;
import io.sluice.bench.runner.scenario.ThroughputScenario;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs the scenarios of a profile one after another, each with fresh processes, and writes the
 * results. A scenario that fails is reported as failed, not left out.
 */
public final class Runner {

    private static final String USAGE = """
            usage: java -jar sluice-bench.jar run [--profile quick|full] [--only P1,P3,...] [--out DIR]
                   [--node-jar FILE] [--node-jvm-flags "FLAGS"] [--jfr DIR] [--logs DIR]""";

    private final Bench.Settings settings;
    private final ProgressLine progress;

    public Runner(Bench.Settings settings, ProgressLine progress) {
        this.settings = settings;
        this.progress = progress;
    }

    public static List<Scenario> scenarios() {
        return List.of(new IdleScenario(), new ThroughputScenario(), new LatencyScenario(), new ScaleScenario(),
                new EchoScenario(), new BroadcastScenario(), new FallbackScenario());
    }

    /** Runs every scenario with a row in {@code only} (all when empty) and writes the reports to {@code out}. */
    public RunReport run(Set<String> only, Path out, String fileBase) throws IOException {
        Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        long startNanos = System.nanoTime();
        LoadAverage loadAtStart = LoadAverage.now();
        if (loadAtStart.one() > 1.0) {
            progress.note("warning: the 1-minute load average is " + loadAtStart.one()
                    + " before the run; other work on this machine will skew the figures");
        }
        List<ScenarioResult> results = new ArrayList<>();
        for (Scenario scenario : scenarios()) {
            if (!only.isEmpty() && scenario.rows().stream().noneMatch(row -> only.contains(row.id()))) {
                continue;
            }
            results.add(runOne(scenario));
        }
        RunReport report = new RunReport(settings.profile().name(), started.toString(), Machine.commit(),
                Machine.describe(settings.descriptorLimit(), settings.nodeJvmFlags()), loadAtStart, LoadAverage.now(),
                (System.nanoTime() - startNanos) / 1e9, results);
        Reports.write(report, out, fileBase).forEach(file -> progress.note("wrote " + file));
        return report;
    }

    private ScenarioResult runOne(Scenario scenario) {
        LoadAverage before = LoadAverage.now();
        long started = System.nanoTime();
        Scenario.Outcome outcome;
        try {
            outcome = scenario.run(new Bench(settings, progress, scenario.name()));
        } catch (Exception e) {
            String why = String.valueOf(e.getMessage()).lines().findFirst().orElse(e.toString());
            progress.note("scenario " + scenario.name() + " failed: " + e);
            outcome = new Scenario.Outcome(scenario.rows().stream()
                    .map(spec -> Row.failed(spec.id(), spec.title(), spec.target().text(), why)).toList(),
                    Map.of("error", String.valueOf(e)));
        } finally {
            progress.watch("", 0);
        }
        for (Row row : outcome.rows()) {
            progress.note(row.id() + " " + row.title() + ": " + row.proxied() + " | direct " + row.direct() + " | "
                    + row.verdict());
        }
        return new ScenarioResult(scenario.name(), outcome.rows(), outcome.details(), before, LoadAverage.now(),
                (System.nanoTime() - started) / 1e9);
    }

    public static void main(String[] args) throws Exception {
        String profile = "quick";
        Set<String> only = Set.of();
        Path out = Path.of("docs", "benchmarks");
        Path nodeJar = Path.of("proxy-node", "target", "sluice-node.jar");
        List<String> nodeFlags = List.of();
        Path jfr = null;
        Path logs = null;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--profile" -> profile = value;
                case "--only" -> only = Set.copyOf(Arrays.asList(value.split(",")));
                case "--out" -> out = Path.of(value);
                case "--node-jar" -> nodeJar = Path.of(value);
                case "--node-jvm-flags" -> nodeFlags = List.of(value.trim().split("\\s+"));
                case "--jfr" -> jfr = Path.of(value);
                case "--logs" -> logs = Path.of(value);
                default -> {
                    System.err.println(USAGE);
                    System.exit(2);
                }
            }
            i++;
        }
        if (!Files.isRegularFile(nodeJar)) {
            System.err.println("no node jar at " + nodeJar + ": build it first (mvn -B -q -DskipTests package)");
            System.exit(2);
        }
        Path logDir = logs != null ? Files.createDirectories(logs) : Files.createTempDirectory("sluice-bench-");
        String self = System.getProperty("java.class.path");
        Bench.Settings settings = new Bench.Settings(Profile.named(profile), new JavaLaunch(self, "io.sluice.bench.BenchMain"),
                new JavaLaunch(nodeJar.toString(), "io.sluice.node.SluiceNode"), nodeFlags, logDir, Machine.descriptorLimit(), jfr);
        ProgressLine progress = new ProgressLine(System.out, System.console() != null);
        progress.note("profile " + profile + "; process logs in " + logDir);
        String base = only.isEmpty() ? profile : profile + "-" + String.join("-", only.stream().sorted().toList());
        new Runner(settings, progress).run(only, out, base);
    }
}
