package io.sluice.node.stream;

import com.google.protobuf.Message;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.sluice.node.metrics.StreamMetrics;
import io.sluice.node.protocol.ClientError;
import io.sluice.node.protocol.DisconnectCode;
import io.sluice.proto.StreamMethods.Direction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What subscription and connection streams share: turning the backend's first answer into the
 * client's reply, the end of the call into the client's code, and the metrics of both.
 *
 * @param <R> the backend's message type
 * @param <A> the accepting result handed to the session
 */
abstract class ProxiedStream<R, A> implements ProxiedCall.Handler<R> {

    private static final Logger log = LoggerFactory.getLogger(ProxiedStream.class);

    final StreamEvents<A> events;
    final StreamMetrics metrics;
    final StreamMetrics.Labels labels;
    final Direction direction;
    /** The running call; its requests are the method's for {@link #direction} (see {@code StreamMethods}). */
    private final ProxiedCall<Message, R> call;

    @SuppressWarnings("unchecked") // the subclasses send each direction's own request type only
    ProxiedStream(StreamEvents<A> events, StreamMetrics metrics, StreamMetrics.Labels labels, Direction direction,
                  BackendPool pool, StreamClient client, MethodDescriptor<? extends Message, R> method) {
        this.events = events;
        this.metrics = metrics;
        this.labels = labels;
        this.direction = direction;
        this.call = new ProxiedCall<>(client.socket(), pool, (MethodDescriptor<Message, R>) method, metrics, labels, this);
    }

    /** The running call, uni- or bidirectional. */
    final ProxiedCall<Message, R> call() {
        return call;
    }

    public final boolean isBidirectional() {
        return direction == Direction.BIDIRECTIONAL;
    }

    /** A client message on a bidirectional stream. */
    final void sendOnBidirectional(Message message) {
        if (!isBidirectional()) {
            throw new IllegalStateException("a unidirectional stream takes no client messages");
        }
        call.send(message);
    }

    /** The code the client gets when the call ends, cleanly or not. */
    abstract int endCode(boolean clean);

    /** The client unsubscribed or left. */
    public void cancel() {
        call().cancelByClient();
    }

    /** A client message waits for the backend to become ready; send nothing more until it has gone. */
    public boolean isHolding() {
        return call().isHolding();
    }

    /** The client's socket is writable again. */
    public void resume() {
        call().resume();
    }

    void accept(A result) {
        metrics.openOutcome(labels, 0);
        events.accepted(result);
    }

    /** The backend refused (its error) or answered wrongly (error 100, with {@code why} logged). */
    void refuse(ClientError error, String why) {
        if (why != null) {
            log.warn("{} stream on backend {}: {}", labels.kind(), labels.backend(), why);
        }
        call().cancel(why != null ? why : "refused by the backend");
        metrics.openOutcome(labels, error.code());
        events.rejected(error);
    }

    void disconnectClient(int code, String reason) {
        call().cancel("backend disconnected the client");
        metrics.openOutcome(labels, code);
        events.disconnect(new DisconnectCode(code, reason));
    }

    @Override
    public void onOpenFailed(String why) {
        log.warn("{} stream on backend {} not opened: {}", labels.kind(), labels.backend(), why);
        metrics.openOutcome(labels, ClientError.INTERNAL.code());
        events.rejected(ClientError.INTERNAL);
    }

    @Override
    public void onEnded(boolean clean, Status status) {
        if (!clean) {
            log.info("{} stream on backend {} failed: {}", labels.kind(), labels.backend(), ProxiedCall.describe(status));
        }
        // The SDK would reopen the stream at once into the same oversized message (BackendPool logs it):
        // end it for good, as a clean end does, instead of looping.
        boolean endForGood = clean || BackendPool.oversizedMessage(status) > 0;
        metrics.endOutcome(labels, String.valueOf(endCode(endForGood)));
        events.ended(endForGood);
    }

    @Override
    public void onBackendReady() {
        events.backendReady();
    }
}
