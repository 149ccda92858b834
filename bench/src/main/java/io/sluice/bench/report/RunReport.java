package io.sluice.bench.report;

import java.util.List;
import java.util.Map;

/** Everything one run produced, as written to JSON. */
public record RunReport(String profile, String startedAt, String commit, Map<String, Object> machine,
                        LoadAverage loadAtStart, LoadAverage loadAtEnd, double seconds, List<ScenarioResult> scenarios) {

    public List<Row> rows() {
        return scenarios.stream().flatMap(s -> s.rows().stream()).toList();
    }
}
