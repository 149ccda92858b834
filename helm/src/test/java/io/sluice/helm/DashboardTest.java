package io.sluice.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.node.engine.memory.MemoryBroker;
import io.sluice.node.hub.Hub;
import io.sluice.node.metrics.NodeMetrics;
import io.sluice.node.metrics.StreamMetrics;
import io.sluice.operator.model.ReleaseSettings;
import io.sluice.operator.reconciler.RoutingReconciler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard: shipped in the chart (a ConfigMap for Grafana's sidecar, off by default) and
 * in docs/, and every metric its queries read is one the node or the operator exports.
 */
class DashboardTest {
    private static final Path IN_CHART = Chart.DIR.resolve("dashboards/sluice.json");
    private static final Path IN_DOCS = Path.of(System.getProperty("sluice.docs.dir", "../docs"), "grafana/sluice.json");

    @Test
    void theChartShipsTheDashboardOnRequestOnly() throws Exception {
        assertThat(Chart.defaults().names()).noneMatch(name -> name.contains("grafana"));

        ConfigMap dashboard = Chart.with("grafanaDashboard.enabled", "true",
                "grafanaDashboard.annotations.grafana_folder", "Sluice").one(ConfigMap.class, "demo-grafana-dashboard");
        assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        assertThat(dashboard.getMetadata().getAnnotations()).containsEntry("grafana_folder", "Sluice");
        assertThat(dashboard.getData()).containsOnlyKeys("sluice.json");
        assertThat(json(dashboard.getData().get("sluice.json"))).isEqualTo(json(Files.readString(IN_CHART)));
    }

    @Test
    void docsHoldTheSameDashboard() throws Exception {
        assertThat(Files.readString(IN_DOCS)).as("docs/grafana/sluice.json is a copy of helm/sluice/dashboards/sluice.json")
                .isEqualTo(Files.readString(IN_CHART));
    }

    @Test
    void everyQueriedMetricIsExportedByTheNodeOrTheOperator() throws Exception {
        Set<String> exported = new LinkedHashSet<>(sampleNames(nodeScrape()));
        exported.addAll(sampleNames(operatorScrape()));
        List<String> queries = queries(json(Files.readString(IN_CHART)));

        assertThat(queries).hasSizeGreaterThanOrEqualTo(15);
        for (String query : queries) {
            assertThat(PromQl.metricNames(query)).as(query).isNotEmpty().allSatisfy(metric ->
                    assertThat(exported).as("exported metrics, for " + query).contains(metric));
        }
    }

    @Test
    void promQlMetricNamesSkipFunctionsLabelsAndStrings() {
        assertThat(PromQl.metricNames("histogram_quantile(0.99, sum by (le, backend) (rate(a_seconds_bucket"
                + "{code=\"3008\"}[$__rate_interval]))) / on(instance) group_left b_total + 1e3 * "
                + "label_replace(c, \"namespace\", \"$1\", \"exported_namespace\", \"(.+)\") offset 5m"))
                .containsExactly("a_seconds_bucket", "b_total", "c");
    }

    /** Every meter the node registers, each recorded once so that those created on first use exist. */
    private static String nodeScrape() {
        try (NodeMetrics metrics = new NodeMetrics()) {
            metrics.bindHub(new Hub(new MemoryBroker()));
            metrics.command("subscribe");
            metrics.replyError(100);
            metrics.disconnect(3008);
            metrics.push();
            metrics.apiCall();
            metrics.configReload(true);
            StreamMetrics streams = metrics.streams();
            StreamMetrics.Labels labels = new StreamMetrics.Labels("subscription", "prices", "apps.prices");
            streams.bindPool("apps.prices", () -> 1);
            streams.opened(labels);
            streams.openOutcome(labels, 0);
            streams.firstMessage(labels, Duration.ofMillis(3));
            streams.relayedToClient();
            streams.relayedToBackend();
            streams.endOutcome(labels, "2000");
            streams.closed(labels);
            return metrics.scrape();
        }
    }

    /** The operator registers its meters when its reconciler is built. */
    private static String operatorScrape() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new RoutingReconciler(new ReleaseSettings("demo", "streaming", null, null, null), Set.of("apps"), registry,
                Clock.systemUTC());
        return registry.scrape();
    }

    private static List<String> sampleNames(String scrape) {
        return scrape.lines().filter(line -> !line.startsWith("#") && !line.isBlank())
                .map(line -> line.split("[{ ]", 2)[0]).distinct().toList();
    }

    private static List<String> queries(JsonNode dashboard) {
        List<String> out = new ArrayList<>();
        dashboard.findValues("expr").forEach(expr -> out.add(expr.asText()));
        return out;
    }

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }
}
