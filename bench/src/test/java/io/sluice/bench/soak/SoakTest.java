package io.sluice.bench.soak;

import io.sluice.bench.BenchMain;
import io.sluice.bench.runner.process.JavaLaunch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chaos soak's short run, part of the build: 60 s of faults of every kind against two nodes from
 * the packaged jar, with nothing lost, no undocumented code, no leaked stream and a clean node log.
 */
class SoakTest {

    private static final Path NODE_JAR = Path.of("..", "proxy-node", "target", "sluice-node.jar");

    @Test
    void aMinuteOfChaosViolatesNoInvariant(@TempDir Path logs) throws Exception {
        assertThat(NODE_JAR).as("the packaged node (mvn package builds it before this module)").isRegularFile();
        SoakMain.Result result = SoakMain.run(14, Duration.ofSeconds(60),
                new JavaLaunch(NODE_JAR.toString(), "io.sluice.node.SluiceNode"),
                new JavaLaunch(System.getProperty("java.class.path"), BenchMain.class.getName()), logs);
        String report = result.markdown();
        Files.writeString(Path.of("target", "soak-60s.md"), report);

        assertThat(result.violations()).as(report).isZero();
        assertThat(result.faultsByKind().keySet()).as("every kind of fault was injected").containsExactlyInAnyOrder(
                Soak.Fault.values());
        assertThat(result.counts()).as(report).containsKeys("stream publications checked", "broadcast deliveries checked",
                "backend stream ends checked complete", "open-stream checks", "recovery checks", "disconnects 3001");
        assertThat(result.counts().get("stream publications checked")).isGreaterThan(1000);
    }
}
