package io.sluice.bench.report;

import io.sluice.bench.generator.Latency;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A two-panel SVG drawn by hand: proxied ÷ direct for every row that has a ratio, and latency
 * percentiles through Sluice beside the direct baseline on a log scale.
 */
public final class SvgChart {

    private static final int WIDTH = 960;
    private static final int LEFT = 330;
    private static final int PLOT = WIDTH - LEFT - 60;
    private static final int BAR = 18;
    private static final int GAP = 10;
    private static final String PROXIED = "#2f6fb0";
    private static final String DIRECT = "#a7a7a7";
    private static final double[] LATENCY_TICKS = {0.1, 1, 10, 100, 1000};

    private SvgChart() {
    }

    public static String render(RunReport report) {
        List<Row> ratios = report.rows().stream().filter(r -> r.ratio() != null).toList();
        List<Row> latencies = report.rows().stream()
                .filter(r -> r.values().get("proxied") instanceof Latency && r.values().get("direct") instanceof Latency).toList();
        StringBuilder svg = new StringBuilder();
        int y = 40;
        List<String> body = new ArrayList<>();
        // P9 compares transports, all through Sluice: its rows hold a fallback beside WebSocket.
        boolean transports = report.rows().stream().anyMatch(Row::comparesTransports);
        body.add(text(20, 24, "Sluice benchmarks, " + report.profile() + " profile: proxied ÷ direct"
                + (transports ? " (P9: fallback ÷ WebSocket)" : ""), 16, "bold"));
        y = ratioPanel(body, ratios, y);
        y += 30;
        if (!latencies.isEmpty()) {
            body.add(text(20, y, "Latency percentiles, ms (log scale): through Sluice (blue) and direct (grey)", 16, "bold"));
            if (latencies.stream().anyMatch(Row::comparesTransports)) {
                y += 18;
                body.add(text(20, y, "P9 compares transports, all through Sluice: the fallback (blue) and WebSocket (grey)",
                        12, "normal"));
            }
            y = latencyPanel(body, latencies, y + 16);
        }
        int height = y + 20;
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                        + "font-family=\"sans-serif\">%n", WIDTH, height, WIDTH, height));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, height));
        body.forEach(line -> svg.append(line).append('\n'));
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static int ratioPanel(List<String> out, List<Row> rows, int top) {
        double max = Math.max(2, rows.stream().mapToDouble(Row::ratio).max().orElse(1) * 1.1);
        int one = LEFT + (int) Math.round(1 / max * PLOT);
        int y = top;
        for (Row row : rows) {
            int width = (int) Math.round(row.ratio() / max * PLOT);
            out.add(text(20, y + 13, row.id() + " " + row.ratioOf(), 11, "normal"));
            out.add(rect(LEFT, y, Math.max(1, width), BAR, PROXIED));
            // Right of the bar and of the "1" line, so the line never runs through the number.
            out.add(text(Math.max(LEFT + width, one) + 6, y + 13, String.format(Locale.ROOT, "%.2f", row.ratio()), 12, "normal"));
            y += BAR + GAP;
        }
        out.add(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\" stroke-dasharray=\"4 3\"/>",
                one, top - 4, one, y - GAP + 4));
        out.add(text(one + 4, y + 12, "1 = same as direct", 11, "normal"));
        return y + 20;
    }

    private static int latencyPanel(List<String> out, List<Row> rows, int top) {
        double low = Math.log10(LATENCY_TICKS[0]);
        double high = Math.log10(LATENCY_TICKS[LATENCY_TICKS.length - 1]);
        int y = top;
        for (Row row : rows) {
            Latency proxied = (Latency) row.values().get("proxied");
            Latency direct = (Latency) row.values().get("direct");
            out.add(text(20, y + 12, row.id() + " " + shorten(row.title()), 12, "bold"));
            y += 18;
            String[] names = {"p50", "p99", "p999"};
            double[][] values = {{proxied.p50(), direct.p50()}, {proxied.p99(), direct.p99()}, {proxied.p999(), direct.p999()}};
            for (int i = 0; i < names.length; i++) {
                out.add(text(40, y + 12, names[i], 12, "normal"));
                for (int side = 0; side < 2; side++) {
                    double ms = values[i][side];
                    double clamped = Math.max(LATENCY_TICKS[0], Math.min(ms, LATENCY_TICKS[LATENCY_TICKS.length - 1]));
                    int width = (int) Math.round((Math.log10(clamped) - low) / (high - low) * PLOT);
                    int barY = y + side * (BAR / 2 + 1);
                    out.add(rect(LEFT, barY, Math.max(1, width), BAR / 2, side == 0 ? PROXIED : DIRECT));
                    out.add(text(LEFT + width + 6, barY + 8, String.format(Locale.ROOT, "%.2f", ms), 10, "normal"));
                }
                y += BAR + GAP;
            }
        }
        for (double tick : LATENCY_TICKS) {
            int x = LEFT + (int) Math.round((Math.log10(tick) - low) / (high - low) * PLOT);
            out.add(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#dddddd\"/>", x, top, x, y));
            out.add(text(x - 8, y + 14, tick < 1 ? String.valueOf(tick) : String.valueOf((int) tick), 11, "normal"));
        }
        return y + 20;
    }

    private static String shorten(String title) {
        int colon = title.indexOf(':');
        return colon > 0 ? title.substring(0, colon) : title;
    }

    private static String rect(int x, int y, int width, int height, String fill) {
        return String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>", x, y, width, height, fill);
    }

    private static String text(int x, int y, String content, int size, String weight) {
        return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"%d\" font-weight=\"%s\">%s</text>", x, y, size,
                weight, escape(content));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
