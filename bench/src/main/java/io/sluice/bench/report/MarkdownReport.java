package io.sluice.bench.report;

import java.util.Locale;
import java.util.Map;

/** The results as a Markdown page: the table, the machine and its load, and the chart. */
public final class MarkdownReport {

    private MarkdownReport() {
    }

    public static String render(RunReport report, String chartFile) {
        StringBuilder md = new StringBuilder();
        md.append("# Sluice benchmarks: ").append(report.profile()).append(" profile\n\n");
        Map<String, Object> machine = report.machine();
        md.append(String.format(Locale.ROOT, "Run %s, commit `%s`, %.0f s. Machine: %s cores (%s), %s MB RAM, %s, Java %s; "
                        + "node, backend and load generator run on it together, as separate processes.%n%n",
                report.startedAt(), report.commit(), report.seconds(), machine.get("cores"), machine.get("cpu"),
                machine.get("memoryMb"), machine.get("os"), machine.get("java")));
        md.append("Load average (1 / 5 / 15 min): ").append(report.loadAtStart()).append(" at the start, ")
                .append(report.loadAtEnd()).append(" at the end.\n\n");
        md.append("| | Scenario | Conditions | Through Sluice | Direct (no Sluice) | Proxied ÷ direct | Target | Result |\n");
        md.append("|---|---|---|---|---|---|---|---|\n");
        for (Row row : report.rows()) {
            md.append("| ").append(row.id())
                    .append(" | ").append(cell(row.title()))
                    .append(" | ").append(cell(row.conditions()))
                    .append(" | ").append(cell(row.proxied()))
                    .append(" | ").append(cell(row.direct()))
                    .append(" | ").append(row.ratio() == null ? "—" : String.format(Locale.ROOT, "%.2f (%s)", row.ratio(), row.ratioOf()))
                    .append(" | ").append(cell(row.target()))
                    .append(" | ").append(cell(row.verdict()))
                    .append(" |\n");
        }
        if (report.rows().stream().anyMatch(Row::comparesTransports)) {
            md.append("\nP9 compares transports, all through Sluice: in its rows \"Through Sluice\" is the fallback, "
                    + "\"Direct\" is WebSocket, and the ratio is fallback ÷ WebSocket.\n");
        }
        md.append("\n| Scenario | Load average before | Load average after | Duration |\n|---|---|---|---|\n");
        for (ScenarioResult scenario : report.scenarios()) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %.0f s |%n", scenario.name(), scenario.loadBefore(),
                    scenario.loadAfter(), scenario.seconds()));
        }
        md.append("\n![Proxied against direct, and latency percentiles](").append(chartFile).append(")\n\n");
        md.append("Raw figures (per-process CPU and memory, error counts, latency histograms' percentiles) are in the JSON "
                + "file next to this one. How the scenarios work: docs/benchmarks.md.\n");
        return md.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
