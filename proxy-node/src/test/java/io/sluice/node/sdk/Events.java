package io.sluice.node.sdk;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** What an SDK's listeners saw, by event name, for a test thread to wait on. */
final class Events {

    private final Map<String, BlockingQueue<Object>> queues = new ConcurrentHashMap<>();
    private final List<String> order = new ArrayList<>();

    void record(String name, Object value) {
        synchronized (order) {
            order.add(name);
        }
        queue(name).add(value);
    }

    /** The names of everything recorded so far, in the order it was recorded. */
    List<String> order() {
        synchronized (order) {
            return List.copyOf(order);
        }
    }

    /** The next value recorded under {@code name}, waiting up to {@code seconds}. */
    @SuppressWarnings("unchecked")
    <T> T next(String name, long seconds) throws InterruptedException {
        Object value = queue(name).poll(seconds, TimeUnit.SECONDS);
        if (value == null) {
            throw new AssertionError("no '" + name + "' event within " + seconds + " s; saw " + queues.keySet());
        }
        return (T) value;
    }

    boolean none(String name) {
        return queue(name).isEmpty();
    }

    private BlockingQueue<Object> queue(String name) {
        return queues.computeIfAbsent(name, n -> new LinkedBlockingQueue<>());
    }
}
