package io.sluice.node.engine.redis;

import org.redisson.api.RTopic;
import org.redisson.api.listener.MessageListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The node's Redis PUB/SUB subscriptions, at most one per Redis channel. {@link #want} and
 * {@link #release} record what the node wants at once, in call order; the Redis round trips follow,
 * one at a time per channel, until Redis matches the latest wish (so a quick subscribe-unsubscribe-
 * subscribe never ends unsubscribed). A subscribe that fails while Redis is away is retried every
 * second for as long as it is wanted; once subscribed, Redisson re-subscribes by itself after a reconnect.
 */
public final class TopicSubscriptions {

    private static final Logger log = LoggerFactory.getLogger(TopicSubscriptions.class);
    static final long RETRY_MILLIS = 1000;

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler;
    private final Duration timeout;

    /** One Redis channel. Its fields are guarded by its own monitor. */
    private static final class Entry {
        final String name;
        final RTopic topic;
        final MessageListener<byte[]> listener;
        boolean wanted;
        /** Redisson's id for our listener while subscribed. */
        Integer listenerId;
        /** A subscribe or unsubscribe is in flight. */
        boolean busy;
        boolean retryScheduled;
        /** Dropped from the map: a new wish needs a new entry. */
        boolean retired;
        CompletableFuture<Void> ready = new CompletableFuture<>();

        Entry(String name, RTopic topic, MessageListener<byte[]> listener) {
            this.name = name;
            this.topic = topic;
            this.listener = listener;
        }
    }

    /** @param scheduler runs the Redis calls and the retries; {@code timeout} bounds {@link #ready} */
    public TopicSubscriptions(ScheduledExecutorService scheduler, Duration timeout) {
        this.scheduler = scheduler;
        this.timeout = timeout;
    }

    /** Subscribes {@code listener} to {@code topic} unless already subscribed; cheap, never blocks. */
    public void want(RTopic topic, MessageListener<byte[]> listener) {
        String name = topic.getChannelNames().get(0);
        while (true) {
            Entry entry = entries.computeIfAbsent(name, n -> new Entry(n, topic, listener));
            synchronized (entry) {
                if (entry.retired) {
                    continue;
                }
                entry.wanted = true;
                drive(entry);
                return;
            }
        }
    }

    /** Unsubscribes from {@code name} once nothing else is in flight for it. */
    public void release(String name) {
        Entry entry = entries.get(name);
        if (entry == null) {
            return;
        }
        synchronized (entry) {
            entry.wanted = false;
            if (entry.ready.isDone()) {
                // Whoever wants it again must wait for a subscription made after this release.
                entry.ready = new CompletableFuture<>();
            }
            drive(entry);
        }
    }

    /** Completes once Redis confirmed the subscription; fails if it does not within the timeout. */
    public CompletableFuture<Void> ready(String name) {
        Entry entry = entries.get(name);
        if (entry == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("not subscribed to " + name));
        }
        synchronized (entry) {
            return entry.ready.copy().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    public boolean isSubscribed(String name) {
        Entry entry = entries.get(name);
        if (entry == null) {
            return false;
        }
        synchronized (entry) {
            return entry.listenerId != null;
        }
    }

    public int size() {
        return entries.size();
    }

    /** Moves Redis one step towards the wish; called with the entry's monitor held. */
    private void drive(Entry entry) {
        if (entry.busy || entry.retired) {
            return;
        }
        if (entry.wanted && entry.listenerId == null) {
            if (entry.retryScheduled) {
                return;
            }
            entry.busy = true;
            if (entry.ready.isDone()) {
                entry.ready = new CompletableFuture<>();
            }
            scheduler.execute(() -> subscribe(entry));
        } else if (!entry.wanted && entry.listenerId != null) {
            entry.busy = true;
            Integer id = entry.listenerId;
            scheduler.execute(() -> entry.topic.removeListenerAsync(id).whenComplete((v, failure) -> {
                synchronized (entry) {
                    // Even if UNSUBSCRIBE failed, Redisson dropped our listener: nothing reaches us any more.
                    entry.busy = false;
                    entry.listenerId = null;
                    drive(entry);
                }
            }));
        } else if (!entry.wanted) {
            entry.retired = true;
            entries.remove(entry.name, entry);
        }
    }

    private void subscribe(Entry entry) {
        CompletableFuture<Integer> call;
        try {
            call = entry.topic.addListenerAsync(byte[].class, entry.listener).toCompletableFuture();
        } catch (RuntimeException notConnected) {
            // Redisson throws rather than fails the future when it has never reached Redis.
            subscribed(entry, null, notConnected);
            return;
        }
        call.whenComplete((id, failure) -> subscribed(entry, id, failure));
    }

    private void subscribed(Entry entry, Integer id, Throwable failure) {
        synchronized (entry) {
            entry.busy = false;
            if (failure == null) {
                entry.listenerId = id;
                // Released meanwhile, the removal follows: a later wish waits for the subscribe after it.
                if (entry.wanted) {
                    entry.ready.complete(null);
                }
                drive(entry);
                return;
            }
            entry.ready.completeExceptionally(failure);
            if (entry.wanted) {
                log.debug("redis subscribe to {} failed, retrying in {} ms: {}", entry.name, RETRY_MILLIS, failure.toString());
                entry.retryScheduled = true;
                scheduler.schedule(() -> {
                    synchronized (entry) {
                        entry.retryScheduled = false;
                        drive(entry);
                    }
                }, RETRY_MILLIS, TimeUnit.MILLISECONDS);
            } else {
                drive(entry);
            }
        }
    }
}
