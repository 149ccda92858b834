package io.sluice.bench.soak;

import io.sluice.bench.runner.process.JavaLaunch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * {@code java -jar sluice-bench.jar soak --seed N --minutes M} (or {@code --seconds S}): runs the chaos
 * soak and writes its report (invariants, faults by kind, counts, violations) to {@code --out FILE}.
 * Exits 1 when an invariant was violated.
 */
public final class SoakMain {

    private static final String USAGE = "usage: java -jar sluice-bench.jar soak --seed N (--minutes M | --seconds S)"
            + " [--out FILE] [--node-jar FILE] [--logs DIR]";

    private SoakMain() {
    }

    /** What a run found, and where its process logs are. */
    record Result(long seed, Duration duration, Findings findings, Map<Soak.Fault, Integer> faults,
                         long maxLiveHeapKb, Path logs) {

        long violations() {
            return findings.totalViolations();
        }

        Map<String, Long> counts() {
            return findings.counts();
        }

        Map<Soak.Fault, Integer> faultsByKind() {
            return faults;
        }

        String markdown() {
            StringBuilder md = new StringBuilder();
            md.append("# Chaos soak: seed ").append(seed).append(", ").append(duration.toSeconds()).append(" s\n\n");
            md.append("Run ").append(Instant.now()).append(" with `java -jar bench/target/sluice-bench.jar soak --seed ")
                    .append(seed).append(" --seconds ").append(duration.toSeconds()).append("`; two Redis-backed nodes"
                            + " (packaged jar), the soak backend, a redis-server, 24 clients (12 JSON, 12 Protobuf), each"
                            + " with two stream subscriptions, a shared room and a personal channel.\n\n");
            md.append("## Invariants\n\n| Invariant | Violations |\n|---|---|\n");
            Map<String, Long> violated = findings.violations();
            for (Invariant invariant : Invariant.values()) {
                md.append("| ").append(invariant.description).append(" | ")
                        .append(violated.getOrDefault(invariant.name(), 0L)).append(" |\n");
            }
            md.append("\n## Faults injected\n\n| Fault | Count |\n|---|---|\n");
            faults.forEach((fault, n) -> md.append("| ").append(fault).append(" | ").append(n).append(" |\n"));
            md.append("\nBackend streams also end on their own all through the run (cleanly or with UNAVAILABLE, 0–20 ms"
                    + " after their last publication): see `backend stream ends` below.\n");
            md.append("\n## Counts\n\n| What | Count |\n|---|---|\n");
            findings.counts().forEach((what, n) -> md.append("| ").append(what).append(" | ").append(n).append(" |\n"));
            md.append("\nLargest live node heap after a full GC at a checkpoint: ").append(maxLiveHeapKb / 1024)
                    .append(" MB (-Xmx256m).\n");
            if (violations() > 0) {
                md.append("\n## Violations (first examples)\n\n");
                findings.examples().forEach((invariant, lines) -> {
                    md.append("### ").append(invariant).append("\n\n");
                    lines.forEach(line -> md.append("- ").append(line.replace("\n", "\n  ")).append('\n'));
                    md.append('\n');
                });
            }
            return md.toString();
        }
    }

    /** Runs a soak; {@code node} and {@code bench} say how to start the node and the soak backend. */
    static Result run(long seed, Duration duration, JavaLaunch node, JavaLaunch bench, Path logs) throws Exception {
        Soak soak = new Soak(new Soak.Settings(seed, duration, node, bench, logs));
        soak.run(line -> System.out.println("soak " + line));
        return new Result(seed, duration, soak.findings(), soak.faults(), soak.maxLiveHeapKb(), logs);
    }

    public static void main(String[] args) throws Exception {
        Long seed = null;
        Duration duration = null;
        Path out = null;
        Path nodeJar = Path.of("proxy-node", "target", "sluice-node.jar");
        Path logs = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--seed" -> seed = Long.parseLong(value);
                case "--minutes" -> duration = Duration.ofMinutes(Long.parseLong(value));
                case "--seconds" -> duration = Duration.ofSeconds(Long.parseLong(value));
                case "--out" -> out = Path.of(value);
                case "--node-jar" -> nodeJar = Path.of(value);
                case "--logs" -> logs = Path.of(value);
                default -> usage();
            }
        }
        if (seed == null || duration == null || args.length % 2 != 0) {
            usage();
        }
        if (!Files.isRegularFile(nodeJar)) {
            System.err.println("no node jar at " + nodeJar + ": build it first (mvn -B -q -DskipTests package)");
            System.exit(2);
        }
        Path logDir = logs != null ? Files.createDirectories(logs) : Files.createTempDirectory("sluice-soak-");
        System.out.println("soak: seed " + seed + ", " + duration.toSeconds() + " s; process logs in " + logDir);
        Result result = run(seed, duration, new JavaLaunch(nodeJar.toString(), "io.sluice.node.SluiceNode"),
                new JavaLaunch(System.getProperty("java.class.path"), "io.sluice.bench.BenchMain"), logDir);
        String report = result.markdown();
        System.out.println(report);
        if (out != null) {
            write(out, report);
        }
        System.exit(result.violations() == 0 ? 0 : 1);
    }

    private static void write(Path out, String report) throws IOException {
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.writeString(out, report);
    }

    private static void usage() {
        System.err.println(USAGE);
        System.exit(2);
    }
}
