package io.sluice.demo.streams;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.demo.streams.StreamLog.OpenStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Emits what {@code source} produces on a fixed tick, but only while gRPC says the node can take it:
 * the source is pulled when the call is ready, so a slow node gets fewer (fresher) updates instead of
 * a growing queue. A tick missed that way is made up as soon as the call is ready again. Stops when
 * the node cancels the call.
 */
final class PacedProducer {

    private final SubscriptionCall call;
    private final OpenStream stream;
    private final Supplier<List<JsonNode>> source;
    private ScheduledFuture<?> ticks;
    private boolean owed;
    private boolean stopped;

    PacedProducer(SubscriptionCall call, OpenStream stream, Supplier<List<JsonNode>> source) {
        this.call = call;
        this.stream = stream;
        this.source = source;
    }

    /** Starts ticking; call after the first message (subscribe response) went out. */
    void start(ScheduledExecutorService timer, Duration interval) {
        call.onReady(this::readyAgain);
        synchronized (this) {
            long nanos = interval.toNanos();
            ticks = timer.scheduleAtFixedRate(this::tick, nanos, nanos, TimeUnit.NANOSECONDS);
        }
        // Registered last so that a call cancelled meanwhile still cancels the ticks (the hook runs at once then).
        call.onCancel(() -> stop("cancelled by the node"));
    }

    private synchronized void tick() {
        if (stopped) {
            return;
        }
        if (!call.isReady()) {
            owed = true;
            stream.countSkipped();
            return;
        }
        owed = false;
        for (JsonNode message : source.get()) {
            call.publish(message);
            stream.countSent();
        }
    }

    private synchronized void readyAgain() {
        if (owed) {
            tick();
        }
    }

    synchronized void stop(String why) {
        stopped = true;
        if (ticks != null) {
            ticks.cancel(false);
        }
        stream.close(why);
    }
}
