package io.sluice.bench.report;

import java.util.List;
import java.util.Map;

/** One scenario's rows, with the raw measurements behind them and the machine load while it ran. */
public record ScenarioResult(String name, List<Row> rows, Map<String, Object> details, LoadAverage loadBefore,
                             LoadAverage loadAfter, double seconds) {
}
