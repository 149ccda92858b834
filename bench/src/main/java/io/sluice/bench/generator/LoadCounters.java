package io.sluice.bench.generator;

import com.google.protobuf.ByteString;
import io.sluice.bench.common.Payload;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** What every client of one generator counts, shared by all event-loop threads. */
public final class LoadCounters {

    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger streams = new AtomicInteger();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder published = new LongAdder();
    private final Map<ErrorKind, LongAdder> errors = new EnumMap<>(ErrorKind.class);
    private final LatencyHistogram latency = new LatencyHistogram();
    private volatile boolean recording;
    private volatile String lastError;

    public LoadCounters() {
        for (ErrorKind kind : ErrorKind.values()) {
            errors.put(kind, new LongAdder());
        }
    }

    public void connectionOpened() {
        connections.incrementAndGet();
    }

    public void connectionClosed() {
        connections.decrementAndGet();
    }

    public void streamOpened() {
        streams.incrementAndGet();
    }

    public void streamsClosed(int count) {
        streams.addAndGet(-count);
    }

    public void published() {
        published.increment();
    }

    public void error(ErrorKind kind, String detail) {
        errors.get(kind).increment();
        lastError = kind + ": " + detail;
    }

    /**
     * A message arrived; its send time and sequence are in the payload. Returns the sequence number
     * the stream should see next, so callers can keep order per stream.
     */
    public long delivered(ByteString data, long expectedSequence) {
        long arrived = System.nanoTime();
        delivered.increment();
        if (!Payload.matches(data)) {
            return expectedSequence;
        }
        if (recording) {
            latency.record(arrived - Payload.sentNanos(data));
        }
        long sequence = Payload.sequence(data);
        if (sequence != expectedSequence) {
            error(ErrorKind.OUT_OF_ORDER, "expected message " + expectedSequence + ", got " + sequence);
        }
        return sequence + 1;
    }

    /**
     * A message whose order is not this generator's to check (server-API publications sent over
     * several connections at once may overtake each other); only its latency counts.
     */
    public void deliveredUnordered(ByteString data) {
        long arrived = System.nanoTime();
        delivered.increment();
        if (recording && Payload.matches(data)) {
            latency.record(arrived - Payload.sentNanos(data));
        }
    }

    /** Starts a latency window: what was recorded before is dropped. */
    void startRecording() {
        latency.reset();
        recording = true;
    }

    Latency stopRecording() {
        recording = false;
        return latency.summary();
    }

    long errorTotal() {
        return errors.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public Snapshot snapshot() {
        Map<String, Long> byKind = new LinkedHashMap<>();
        errors.forEach((kind, count) -> {
            if (count.sum() > 0) {
                byKind.put(kind.name(), count.sum());
            }
        });
        return new Snapshot(connections.get(), streams.get(), delivered.sum(), published.sum(), errorTotal(), byKind,
                lastError);
    }
}
