package io.sluice.bench.runner;

import io.sluice.bench.report.Row;
import io.sluice.bench.report.Target;

import java.util.List;
import java.util.Map;

/** One benchmark scenario: it starts its own processes, runs proxied then direct, and returns its rows. */
public interface Scenario {

    /** A row this scenario reports: id, title and target, known before it runs (for failure rows). */
    record RowSpec(String id, String title, Target target) {
    }

    record Outcome(List<Row> rows, Map<String, Object> details) {
    }

    String name();

    List<RowSpec> rows();

    Outcome run(Bench bench) throws Exception;
}
