package io.sluice.operator.model;

import java.util.List;
import java.util.stream.Collectors;

/** A bad value in a resource: the field's path and what is wrong with it. */
public record FieldProblem(String field, String problem) {
    @Override
    public String toString() {
        return field + ": " + problem;
    }

    static String describe(List<FieldProblem> problems) {
        return problems.stream().map(FieldProblem::toString).collect(Collectors.joining("; "));
    }
}
