package io.sluice.bench.report;

import java.util.Map;

/**
 * One line of the results table: a figure through Sluice beside the same figure read directly.
 *
 * @param id         P1 … P9
 * @param conditions what was run (counts, sizes, durations)
 * @param proxied    the figure through Sluice, formatted
 * @param direct     the direct baseline, formatted
 * @param ratio      proxied ÷ direct of the headline figure, null when there is none
 * @param ratioOf    what the ratio compares ("msg/s", "p99 latency", ...)
 * @param target     the target as the issue states it, or "—"
 * @param verdict    met, missed, "—" (no target), "not run: …" or "failed: …"
 * @param values     the underlying numbers, for the JSON
 */
public record Row(String id, String title, String conditions, String proxied, String direct, Double ratio,
                  String ratioOf, String target, String verdict, Map<String, Object> values) {

    /** P9 compares transports, all through Sluice: its "proxied" figure is a fallback's, its "direct" one WebSocket's. */
    public boolean comparesTransports() {
        return id.equals("P9");
    }

    public static Row notRun(String id, String title, String target, String why) {
        return new Row(id, title, "—", "—", "—", null, "", target, "not run: " + why, Map.of());
    }

    public static Row failed(String id, String title, String target, String why) {
        return new Row(id, title, "—", "—", "—", null, "", target, "failed: " + why, Map.of());
    }
}
