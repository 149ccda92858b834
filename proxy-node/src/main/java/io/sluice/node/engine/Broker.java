package io.sluice.node.engine;

import io.sluice.proto.client.ClientInfo;
import io.sluice.proto.client.Publication;

import java.util.concurrent.CompletableFuture;

/**
 * Carries publications, join/leave events and control commands between nodes. Every event
 * published into a channel this node has {@link #subscribe subscribed} to comes back to the
 * node's {@link Handler}, on whichever node published it. The hub calls {@link #subscribe} and
 * {@link #unsubscribe} in the order its subscriber counts change, per channel.
 */
public interface Broker extends AutoCloseable {

    /** Receives what the broker delivers to this node. */
    interface Handler {
        void onPublication(String channel, Publication publication);

        void onJoin(String channel, ClientInfo info);

        void onLeave(String channel, ClientInfo info);

        void onControl(ControlCommand command);
    }

    void start(Handler handler);

    CompletableFuture<Void> publish(String channel, Publication publication);

    CompletableFuture<Void> publishJoin(String channel, ClientInfo info);

    CompletableFuture<Void> publishLeave(String channel, ClientInfo info);

    /** Sent to every node, this one included. */
    CompletableFuture<Void> publishControl(ControlCommand command);

    /** The node's first local subscriber of {@code channel} appeared: start receiving it. */
    CompletableFuture<Void> subscribe(String channel);

    /** The node's last local subscriber of {@code channel} left: stop receiving it. */
    CompletableFuture<Void> unsubscribe(String channel);

    /**
     * Completes once this node receives what is published into {@code channel} (after {@link #subscribe});
     * fails if that cannot be established in time. A subscribe reply waits for it, so nothing published
     * after the reply is missed.
     */
    default CompletableFuture<Void> ready(String channel) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    void close();
}
