package io.sluice.bench.backend;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/** One timer thread for every paced stream; each stream starts at a random phase so sends spread evenly. */
final class Pacer implements AutoCloseable {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "bench-pacer");
        thread.setDaemon(true);
        return thread;
    });

    ScheduledFuture<?> every(double perSecond, Runnable task) {
        long periodNanos = Math.max(1, (long) (1e9 / perSecond));
        long phase = ThreadLocalRandom.current().nextLong(periodNanos);
        return timer.scheduleAtFixedRate(task, phase, periodNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
