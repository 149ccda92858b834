package io.sluice.bench.report;

import io.sluice.bench.common.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes a run's JSON, Markdown table and SVG chart side by side. */
public final class Reports {

    private Reports() {
    }

    /** @return the files written: {@code base}.json, .md and .svg in {@code directory} */
    public static List<Path> write(RunReport report, Path directory, String base) throws IOException {
        Files.createDirectories(directory);
        Path json = directory.resolve(base + ".json");
        Path markdown = directory.resolve(base + ".md");
        Path chart = directory.resolve(base + ".svg");
        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(json.toFile(), report);
        Files.writeString(chart, SvgChart.render(report), StandardCharsets.UTF_8);
        Files.writeString(markdown, MarkdownReport.render(report, chart.getFileName().toString()), StandardCharsets.UTF_8);
        return List.of(json, markdown, chart);
    }
}
