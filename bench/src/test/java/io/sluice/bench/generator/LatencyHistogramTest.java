package io.sluice.bench.generator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LatencyHistogramTest {

    @Test
    void percentilesOfAUniformSpreadAreWithinTwoPercent() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (long micros = 1; micros <= 10_000; micros++) {
            histogram.record(micros * 1_000);
        }

        Latency latency = histogram.summary();

        assertThat(latency.count()).isEqualTo(10_000);
        assertThat(latency.p50()).isCloseTo(5.0, within(0.1));
        assertThat(latency.p99()).isCloseTo(9.9, within(0.2));
        assertThat(latency.p999()).isCloseTo(9.99, within(0.2));
        assertThat(latency.max()).isEqualTo(10.0);
    }

    @Test
    void bucketsKeepValuesInOrderAndMiddlesInsideTheirBucket() {
        int previous = -1;
        for (long value = 0; value < 1L << 36; value = value * 2 + 1) {
            int bucket = LatencyHistogram.bucket(value);
            assertThat(bucket).isGreaterThanOrEqualTo(previous);
            assertThat(LatencyHistogram.bucket(LatencyHistogram.middle(bucket))).isEqualTo(bucket);
            previous = bucket;
        }
    }

    @Test
    void resetForgetsEverything() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.record(5_000_000);
        histogram.reset();

        assertThat(histogram.summary().count()).isZero();
    }
}
