package io.sluice.demo.streams;

import java.time.Duration;

/**
 * How often the producers emit and how soon the welcome push follows a connect. Tests shorten them;
 * the demo uses {@link #DEFAULT}.
 */
public record DemoTimings(Duration tickInterval, Duration logInterval, Duration greetingDelay) {

    public static final DemoTimings DEFAULT =
            new DemoTimings(Duration.ofMillis(500), Duration.ofMillis(400), Duration.ofMillis(300));
}
