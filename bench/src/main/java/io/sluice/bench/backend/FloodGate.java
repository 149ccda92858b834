package io.sluice.bench.backend;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Holds flooding streams back while the runner opens them, so that every stream is open before the
 * flood starts (otherwise the first streams' flood starves the set-up of the rest). The runner
 * sends {@code hold} and {@code release} on the backend's stdin; the gate starts released.
 */
final class FloodGate {

    private final Queue<Runnable> held = new ConcurrentLinkedQueue<>();
    private volatile boolean open = true;

    void hold() {
        open = false;
    }

    void release() {
        open = true;
        Runnable start;
        while ((start = held.poll()) != null) {
            start.run();
        }
    }

    /** Runs {@code start} now when released, else once {@link #release()} is called. */
    void whenReleased(Runnable start) {
        if (open) {
            start.run();
            return;
        }
        held.add(start);
        if (open && held.remove(start)) {
            start.run(); // released while we were adding
        }
    }
}
