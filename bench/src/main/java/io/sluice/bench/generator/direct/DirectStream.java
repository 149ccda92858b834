package io.sluice.bench.generator.direct;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.sluice.bench.common.Payload;
import io.sluice.bench.generator.ErrorKind;
import io.sluice.bench.generator.LoadCounters;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/** One stream read straight from the backend: the direct twin of a proxied subscription. */
final class DirectStream implements StreamSink {

    private final DirectClient client;
    private final LoadCounters counters;
    private final boolean publishes;
    private volatile DirectCall call;
    private volatile boolean accepted;
    private volatile long lastMessage;
    private long expectedSequence;
    private long publishSequence;
    private boolean settled;
    private boolean lost;
    private ScheduledFuture<?> publishing;

    DirectStream(DirectClient client, LoadCounters counters, boolean publishes) {
        this.client = client;
        this.counters = counters;
        this.publishes = publishes;
    }

    void started(DirectCall call) {
        this.call = call;
    }

    @Override
    public void accepted() {
        accepted = true;
        counters.streamOpened();
        settle();
    }

    @Override
    public void refused(String why) {
        counters.error(ErrorKind.SUBSCRIBE_REFUSED, why);
        settle();
    }

    @Override
    public void publication(ByteString data) {
        lastMessage = System.nanoTime();
        expectedSequence = counters.delivered(data, expectedSequence);
    }

    @Override
    public void failed(Throwable cause) {
        end(ErrorKind.STREAM_FAILED, String.valueOf(cause));
    }

    @Override
    public void ended() {
        end(ErrorKind.UNSUBSCRIBED, "the backend ended the stream");
    }

    private void end(ErrorKind kind, String why) {
        stopPublishing();
        if (client.isClosing()) {
            if (accepted && !lost) {
                lost = true;
                counters.streamsClosed(1);
            }
            return;
        }
        if (!settled) {
            counters.error(ErrorKind.SUBSCRIBE_REFUSED, why);
            settle();
        } else if (accepted && !lost) {
            lost = true;
            counters.streamsClosed(1);
            counters.error(kind, why);
        }
    }

    /** Publishes at {@code perSecond} from {@code timer}; a tick that finds the call not ready is skipped. */
    void publishEvery(ScheduledExecutorService timer, double perSecond, int size) {
        long period = (long) (1e9 / perSecond);
        publishing = timer.scheduleAtFixedRate(() -> {
            if (!lost && call.isReady()) {
                byte[] data = Payload.encode(System.nanoTime(), publishSequence++, size);
                call.send(UnsafeByteOperations.unsafeWrap(data));
                counters.published();
            }
        }, ThreadLocalRandom.current().nextLong(period), period, TimeUnit.NANOSECONDS);
    }

    /** Whether this client publishes into the stream (bidirectional echo). */
    boolean publishes() {
        return publishes;
    }

    boolean isOpen() {
        return accepted && !lost;
    }

    boolean silentSince(long nanos) {
        return isOpen() && lastMessage < nanos;
    }

    void cancel() {
        stopPublishing();
        if (call != null) {
            call.cancel();
        }
    }

    private void stopPublishing() {
        if (publishing != null) {
            publishing.cancel(false);
        }
    }

    private void settle() {
        if (!settled) {
            settled = true;
            client.streamSettled(this);
        }
    }
}
