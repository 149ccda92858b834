package io.sluice.demo.grpc;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The server side of one gRPC call made safe to use from the call's own thread and from timers:
 * sends are serialised, nothing is sent after the call ended, cancel and ready hooks can be added
 * at any time, and inbound messages (bidirectional calls) are requested one at a time, only while
 * the call can take our answer.
 */
final class Outbound<T> {

    private final ServerCallStreamObserver<T> observer;
    private final List<Runnable> cancelHooks = new CopyOnWriteArrayList<>();
    private final List<Runnable> readyHooks = new CopyOnWriteArrayList<>();
    private volatile boolean cancelled;
    private boolean completed;
    private boolean inboundWanted;

    /** Must run inside the service method: gRPC only takes the handlers before it returns. */
    Outbound(StreamObserver<T> responses, boolean manualInbound) {
        this.observer = (ServerCallStreamObserver<T>) responses;
        if (manualInbound) {
            observer.disableAutoRequest();
        }
        observer.setOnCancelHandler(() -> {
            cancelled = true;
            cancelHooks.forEach(Runnable::run);
        });
        observer.setOnReadyHandler(() -> {
            requestIfWanted();
            readyHooks.forEach(Runnable::run);
        });
    }

    synchronized void send(T message) {
        if (!completed && !cancelled) {
            observer.onNext(message);
        }
    }

    synchronized void complete() {
        if (!completed && !cancelled) {
            completed = true;
            observer.onCompleted();
        }
    }

    boolean isReady() {
        return observer.isReady();
    }

    boolean isCancelled() {
        return cancelled;
    }

    void onReady(Runnable hook) {
        readyHooks.add(hook);
    }

    /** Runs the hook when the node cancels the call; at once if it already has. */
    void onCancel(Runnable hook) {
        cancelHooks.add(hook);
        if (cancelled && cancelHooks.remove(hook)) {
            hook.run();
        }
    }

    /** Asks for one more inbound message now, or as soon as the call is ready for our answer. */
    synchronized void requestNext() {
        inboundWanted = true;
        requestIfWanted();
    }

    private synchronized void requestIfWanted() {
        if (inboundWanted && !cancelled && !completed && observer.isReady()) {
            inboundWanted = false;
            observer.request(1);
        }
    }
}
