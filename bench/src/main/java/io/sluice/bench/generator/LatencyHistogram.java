package io.sluice.bench.generator;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Latencies in nanoseconds, in log-linear buckets: exact below 128 ns, then 64 buckets per power of
 * two (under 1.6 % error), up to about 18 minutes. Lock-free, so event-loop threads record directly.
 */
public final class LatencyHistogram {

    private static final int SUB_BITS = 6;
    private static final int SUB_COUNT = 1 << SUB_BITS;
    private static final int LINEAR = 2 * SUB_COUNT;
    private static final int MAX_EXPONENT = 40;
    private static final int BUCKETS = LINEAR + (MAX_EXPONENT - SUB_BITS) * SUB_COUNT;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final AtomicLong max = new AtomicLong();
    private final AtomicLong sum = new AtomicLong();

    public void record(long nanos) {
        long value = Math.max(0, nanos);
        counts.incrementAndGet(bucket(value));
        sum.addAndGet(value);
        max.accumulateAndGet(value, Math::max);
    }

    public void reset() {
        for (int i = 0; i < BUCKETS; i++) {
            counts.set(i, 0);
        }
        max.set(0);
        sum.set(0);
    }

    static int bucket(long value) {
        if (value < LINEAR) {
            return (int) value;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(value);
        if (exponent >= MAX_EXPONENT) {
            return BUCKETS - 1;
        }
        int sub = (int) (value >>> (exponent - SUB_BITS)) & (SUB_COUNT - 1);
        return LINEAR + (exponent - SUB_BITS - 1) * SUB_COUNT + sub;
    }

    /** The middle of the values that fall into {@code bucket}. */
    static long middle(int bucket) {
        if (bucket < LINEAR) {
            return bucket;
        }
        int exponent = (bucket - LINEAR) / SUB_COUNT + SUB_BITS + 1;
        long sub = (bucket - LINEAR) % SUB_COUNT;
        long low = (1L << exponent) + (sub << (exponent - SUB_BITS));
        return low + (1L << (exponent - SUB_BITS)) / 2;
    }

    /** Percentiles in milliseconds. */
    public Latency summary() {
        long[] snapshot = new long[BUCKETS];
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            snapshot[i] = counts.get(i);
            total += snapshot[i];
        }
        if (total == 0) {
            return new Latency(0, 0, 0, 0, 0, 0);
        }
        return new Latency(total, millis(percentile(snapshot, total, 0.50)), millis(percentile(snapshot, total, 0.99)),
                millis(percentile(snapshot, total, 0.999)), millis(max.get()), millis((double) sum.get() / total));
    }

    private static long percentile(long[] snapshot, long total, double fraction) {
        long rank = (long) Math.ceil(fraction * total);
        long seen = 0;
        for (int i = 0; i < snapshot.length; i++) {
            seen += snapshot[i];
            if (seen >= rank) {
                return middle(i);
            }
        }
        return middle(snapshot.length - 1);
    }

    private static double millis(double nanos) {
        return nanos / 1e6;
    }
}
