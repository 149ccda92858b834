package io.sluice.node.stream;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.netty.channel.Channel;
import io.netty.util.concurrent.ScheduledFuture;
import io.sluice.node.metrics.StreamMetrics;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One gRPC call relayed to one client connection: opening with a first-message deadline, inbound flow
 * control tied to the client socket's writability, and cancellation. Every method runs on the client's
 * event loop; gRPC callbacks hop onto it, so their order (messages, then close) is kept. Messages that
 * gRPC delivers in a burst make one hop together, and credit goes back in batches: each hop is a task
 * on another thread's queue, which under load cost more than relaying the message itself.
 */
final class ProxiedCall<Q, R> {

    /** What the call reports, always on the client's event loop. */
    interface Handler<R> {
        /** The backend's first message, in time. */
        void onFirst(R message);

        void onNext(R message);

        /** No first message in time, or the call closed before sending one. */
        void onOpenFailed(String why);

        /** The call closed after its first message: cleanly when the backend returned OK. */
        void onEnded(boolean clean, Status status);

        /** The backend took the message {@link ProxiedCall#send} held. */
        void onBackendReady();
    }

    /** Messages requested ahead while the client keeps up: enough to pipeline, few enough to stay bounded. */
    private static final int PREFETCH = 8;
    /** Credit is returned once this much is used up: every request() is a task on gRPC's transport thread. */
    private static final int REFILL = PREFETCH / 2;

    private enum State { IDLE, OPENING, OPEN, DONE }

    private final Channel socket;
    private final BackendPool pool;
    private final MethodDescriptor<Q, R> method;
    private final Duration timeout;
    private final StreamMetrics metrics;
    private final StreamMetrics.Labels labels;
    private final Handler<R> handler;

    private State state = State.IDLE;
    private ClientCall<Q, R> call;
    private ScheduledFuture<?> firstMessageTimer;
    private long startedNanos;
    private int requested;
    private boolean paused;
    /** A client message the backend was not ready for, sent once it is: at most one per call. */
    private Q held;

    ProxiedCall(Channel socket, BackendPool pool, MethodDescriptor<Q, R> method, StreamMetrics metrics,
                StreamMetrics.Labels labels, Handler<R> handler) {
        this.socket = socket;
        this.pool = pool;
        this.method = method;
        this.timeout = pool.config().timeout();
        this.metrics = metrics;
        this.labels = labels;
        this.handler = handler;
    }

    /** Opens the call with its first message; a unidirectional call is half-closed right after it. */
    void start(Metadata headers, Q first) {
        BackendPool.Lease lease = pool.acquire();
        call = lease.channel().newCall(method, CallOptions.DEFAULT);
        state = State.OPENING;
        startedNanos = System.nanoTime();
        metrics.opened(labels);
        firstMessageTimer = socket.eventLoop().schedule(this::firstMessageTimedOut, timeout.toMillis(), TimeUnit.MILLISECONDS);
        call.start(new Listener(lease), headers);
        requested = 1;
        call.request(1);
        call.sendMessage(first);
        if (method.getType() == MethodDescriptor.MethodType.SERVER_STREAMING) {
            call.halfClose();
        }
    }

    /**
     * Sends a later message, or holds it while the backend is not ready for more; {@link
     * Handler#onBackendReady} follows once the held one is sent. The caller sends nothing while one is held.
     */
    void send(Q message) {
        if (state != State.OPEN) {
            return;
        }
        if (held != null) {
            throw new IllegalStateException("a message is already held for this stream");
        }
        if (call.isReady()) {
            call.sendMessage(message);
            metrics.relayedToBackend();
        } else {
            held = message;
        }
    }

    /** A message waits for the backend to become ready. */
    boolean isHolding() {
        return held != null;
    }

    /** On the backend's readiness: the held message goes, and the client's next messages may follow. */
    private void sendHeld() {
        if (held != null && state == State.OPEN && call.isReady()) {
            call.sendMessage(held);
            metrics.relayedToBackend();
            held = null;
            handler.onBackendReady();
        }
    }

    /** The client unsubscribed or left: the backend sees the cancellation at once. */
    void cancelByClient() {
        if (state == State.OPEN) {
            metrics.endOutcome(labels, "cancelled");
        } else if (state == State.OPENING) {
            metrics.openOutcome(labels, "cancelled");
        }
        cancel("client left");
    }

    /** Ends the call from the node's side; the backend sees the cancellation at once. */
    void cancel(String why) {
        if (state == State.OPENING || state == State.OPEN) {
            finish();
            call.cancel(why, null);
        }
    }

    /** The client socket became writable again: fetch what the paused stream holds back. */
    void resume() {
        if (paused) {
            paused = false;
            requestMore();
        }
    }

    private void requestMore() {
        if (state != State.OPEN) {
            return;
        }
        if (!socket.isWritable()) {
            paused = true;
            return;
        }
        int more = PREFETCH - requested;
        if (more >= REFILL) {
            requested += more;
            call.request(more);
        }
    }

    private void firstMessageTimedOut() {
        if (state == State.OPENING) {
            cancel("no first message within " + timeout.toMillis() + " ms");
            handler.onOpenFailed("no first message within " + timeout.toMillis() + " ms");
        }
    }

    private void onMessage(R message) {
        if (state == State.DONE) {
            return;
        }
        requested--;
        if (state == State.OPENING) {
            state = State.OPEN;
            firstMessageTimer.cancel(false);
            metrics.firstMessage(labels, Duration.ofNanos(System.nanoTime() - startedNanos));
            handler.onFirst(message);
        } else {
            metrics.relayedToClient();
            handler.onNext(message);
        }
        requestMore();
    }

    private void onClose(Status status) {
        if (state == State.DONE) {
            return;
        }
        boolean opened = state == State.OPEN;
        finish();
        if (opened) {
            handler.onEnded(status.isOk(), status);
        } else {
            handler.onOpenFailed(status.isOk() ? "stream ended without a first message" : describe(status));
        }
    }

    private void finish() {
        state = State.DONE;
        held = null;
        firstMessageTimer.cancel(false);
        metrics.closed(labels);
    }

    static String describe(Status status) {
        return status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription())
                + (status.getCause() == null ? "" : " (" + rootCause(status.getCause()) + ")");
    }

    private static String rootCause(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private void onLoop(Runnable task) {
        try {
            socket.eventLoop().execute(task);
        } catch (RejectedExecutionException e) {
            // The node is shutting down; the client is gone with its loop.
        }
    }

    /** Runs on the transport thread: only queues and hops. */
    private final class Listener extends ClientCall.Listener<R> {
        private final BackendPool.Lease lease;
        private final Queue<R> inbox = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean hopping = new AtomicBoolean();

        Listener(BackendPool.Lease lease) {
            this.lease = lease;
        }

        /** Only the first message of a burst schedules a hop; the hop relays whatever has arrived by then. */
        @Override
        public void onMessage(R message) {
            inbox.add(message);
            if (hopping.compareAndSet(false, true)) {
                onLoop(this::relayInbox);
            }
        }

        /** Cleared before reading, so a message added meanwhile schedules a hop of its own (ahead of any close). */
        private void relayInbox() {
            hopping.set(false);
            R message;
            while ((message = inbox.poll()) != null) {
                ProxiedCall.this.onMessage(message);
            }
        }

        @Override
        public void onClose(Status status, Metadata trailers) {
            lease.release();
            if (status.getCode() == Status.Code.UNAVAILABLE) {
                lease.unavailable();
            }
            onLoop(() -> ProxiedCall.this.onClose(status));
        }

        @Override
        public void onReady() {
            // Only a bidirectional call carries client messages that may have been held back.
            if (method.getType() == MethodDescriptor.MethodType.BIDI_STREAMING) {
                onLoop(ProxiedCall.this::sendHeld);
            }
        }
    }
}
