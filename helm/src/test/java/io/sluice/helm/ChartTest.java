package io.sluice.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.LintResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The chart as a whole: Helm's strict lint, its CRDs, and its notes. */
class ChartTest {
    private static final Path TOP_LEVEL_CRDS = Path.of(System.getProperty("sluice.crds.dir", "../crds"));

    @Test
    void strictLintPasses() {
        LintResult lint = new Helm(Chart.DIR).lint().strict().call();

        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
        assertThat(lint.getMessages()).noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
    }

    @Test
    void chartCrdsAreTheGeneratedOnes() throws Exception {
        List<String> chart = fileNames(Chart.DIR.resolve("crds"));
        List<String> generated = fileNames(TOP_LEVEL_CRDS);

        assertThat(chart).as("helm/sluice/crds/ must hold exactly crds/; refresh both with:"
                + " mvn -pl operator process-classes -Pupdate-crds").isEqualTo(generated).isNotEmpty();
        for (String file : generated) {
            assertThat(Chart.DIR.resolve("crds").resolve(file)).as(file)
                    .hasSameTextualContentAs(TOP_LEVEL_CRDS.resolve(file));
        }
    }

    @Test
    void crdsAreInstalledByHelmNotTemplated() {
        assertThat(Chart.production().ofKind("CustomResourceDefinition")).isEmpty();
        assertThat(Chart.DIR.resolve("templates")).isDirectoryNotContaining("glob:**.yml");
    }

    @Test
    void notesTellHowToScaleAndWarnAboutSeveralNodesOnTheMemoryEngine() {
        String notes = notes("node.replicaCount", "3");

        assertThat(notes).contains("kubectl -n streaming scale deployment/demo-node --replicas=N")
                .contains("ConfigMap demo-routing")
                .contains("WARNING: more than one node with the in-memory engine")
                .contains("NOTE: no existingSecret")
                .contains("server API in the cluster at http://demo-node-internal.streaming.svc:9000/api/<method>");
        assertThat(notes("node.autoscaling.enabled", "true", "redis.enabled", "true", "existingSecret", "s"))
                .contains("Node replicas: 2 to 10, set by HorizontalPodAutoscaler demo-node")
                .doesNotContain("WARNING").doesNotContain("no existingSecret");
        assertThat(notes("node.internalPort", "null")).contains("share the client port")
                .doesNotContain("demo-node-internal");
    }

    /** NOTES.txt as `helm install --dry-run` prints it (client only: no cluster is contacted). */
    private static String notes(String... keyValues) {
        InstallCommand install = new Helm(Chart.DIR).install().withName(Chart.RELEASE).withNamespace(Chart.NAMESPACE)
                .withKubeVersion(Chart.KUBE_VERSION).clientOnly().dryRun();
        for (int i = 0; i < keyValues.length; i += 2) {
            install = install.set(keyValues[i], keyValues[i + 1]);
        }
        String output = install.call().getOutput();
        return output.substring(output.indexOf("NOTES:"));
    }

    private static List<String> fileNames(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
