package io.sluice.bench.report;

import java.util.function.DoublePredicate;

/**
 * A target from the issue: its text, the test on the measured figure, and the scale it is stated at
 * (a run at a smaller scale says so in its verdict instead of claiming the target).
 */
public record Target(String text, DoublePredicate test, int scale) {

    public static final Target NONE = new Target("—", value -> true, 0);

    public static Target atMost(String text, double limit, int scale) {
        return new Target(text, value -> value <= limit, scale);
    }

    public static Target atLeast(String text, double limit, int scale) {
        return new Target(text, value -> value >= limit, scale);
    }

    /** "met" or "missed", qualified when {@code ranAt} is below the target's scale. */
    public String verdict(double value, int ranAt) {
        if (this == NONE) {
            return "—";
        }
        String verdict = test.test(value) ? "met" : "missed";
        return ranAt < scale ? String.format("%s at %,d (target is at %,d: full profile)", verdict, ranAt, scale) : verdict;
    }
}
