package io.sluice.bench.generator.direct;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.sluice.bench.common.Contract;
import io.sluice.bench.common.StreamKind;
import io.sluice.bench.generator.LoadCounters;
import io.sluice.bench.generator.LoadSpec;

import java.util.Arrays;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One direct client: its own HTTP/2 connection to the backend (as each WebSocket client has its own
 * connection to the node) carrying as many streams as a proxied client subscribes to.
 */
final class DirectClient {

    private static final DirectCalls SEED = new DirectCalls(Contract.SEED);
    private static final DirectCalls V5 = new DirectCalls(Contract.V5);

    private final int index;
    private final LoadSpec spec;
    private final ManagedChannel channel;
    private final LoadCounters counters;
    private final ScheduledExecutorService timer;
    private final Runnable settledHook;
    private final DirectStream[] streams;
    private final AtomicInteger unsettled;
    private volatile boolean closing;

    DirectClient(int index, LoadSpec spec, ManagedChannel channel, LoadCounters counters, ScheduledExecutorService timer,
                 Runnable settledHook) {
        this.index = index;
        this.spec = spec;
        this.channel = channel;
        this.counters = counters;
        this.timer = timer;
        this.settledHook = settledHook;
        this.streams = new DirectStream[spec.streamsOn(index)];
        this.unsettled = new AtomicInteger(streams.length);
    }

    void start(ByteString subscribeData) {
        String client = "direct-" + index;
        for (int j = 0; j < streams.length; j++) {
            StreamKind kind = spec.kind(index, j);
            DirectCalls calls = kind == StreamKind.V5 ? V5 : SEED;
            DirectStream stream = new DirectStream(this, counters, kind.isBidirectional() && spec.publishRate() > 0);
            streams[j] = stream;
            String name = kind.channel(index, j);
            stream.started(kind.isBidirectional()
                    ? calls.subscribeBidirectional(channel, client, name, subscribeData, stream)
                    : calls.subscribe(channel, client, name, subscribeData, stream));
        }
    }

    /** Once per stream, when it was accepted or refused. */
    void streamSettled(DirectStream stream) {
        if (stream.isOpen() && stream.publishes()) {
            stream.publishEvery(timer, spec.publishRate(), spec.publishSize());
        }
        if (unsettled.decrementAndGet() == 0) {
            if (Arrays.stream(streams).anyMatch(DirectStream::isOpen)) {
                counters.connectionOpened();
            }
            settledHook.run();
        }
    }

    boolean isClosing() {
        return closing;
    }

    int silentSince(long nanos) {
        return (int) Arrays.stream(streams).filter(s -> s != null && s.silentSince(nanos)).count();
    }

    void close() {
        closing = true;
        if (Arrays.stream(streams).anyMatch(s -> s != null && s.isOpen())) {
            counters.connectionClosed();
        }
        for (DirectStream stream : streams) {
            if (stream != null) {
                stream.cancel();
            }
        }
        channel.shutdownNow();
    }

    void awaitClosed(long nanos) throws InterruptedException {
        channel.awaitTermination(nanos, TimeUnit.NANOSECONDS);
    }
}
