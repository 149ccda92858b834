package io.sluice.bench.generator;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Bounds how many connections are being set up at once (so set-up measures the server, not a
 * self-inflicted SYN flood) and tells when every connection has settled, opened or failed.
 */
public final class OpenGate {

    private final Semaphore opening;
    private final CountDownLatch settled;

    public OpenGate(int maxOpening, int connections) {
        this.opening = new Semaphore(Math.max(1, maxOpening));
        this.settled = new CountDownLatch(connections);
    }

    /** Blocks the opening thread until another connection may start. */
    public void enter() throws InterruptedException {
        opening.acquire();
    }

    /** Once per connection, when its set-up ended either way. */
    public void settled() {
        opening.release();
        settled.countDown();
    }

    public boolean awaitAll(long timeoutMillis) throws InterruptedException {
        return settled.await(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    public long unsettled() {
        return settled.getCount();
    }
}
