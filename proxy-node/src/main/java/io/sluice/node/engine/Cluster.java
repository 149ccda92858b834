package io.sluice.node.engine;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The nodes that serve clients together, as {@code /api/info} and {@code /api/channels} see them. */
public interface Cluster extends AutoCloseable {

    /** Every live node, this one included. */
    CompletableFuture<List<NodeInfo>> nodes();

    /** Channel → clients subscribed to it, summed over every live node; sorted by channel. */
    CompletableFuture<Map<String, Integer>> channels();

    /** Runs commands posted for one of this node's fallback sessions ({@code session}, then the commands). */
    interface EmulationHandler {
        void deliver(String session, byte[] commands);
    }

    /** Where commands forwarded to this node for its sessions go; set once, before clients arrive. */
    void onEmulation(EmulationHandler handler);

    /**
     * Hands {@code commands} to the node {@code nodeUid} for its session {@code session}. Completes once
     * handed on (not when run); with no such node anywhere, nothing happens, as for an unknown session.
     */
    CompletableFuture<Void> forwardEmulation(String nodeUid, String session, byte[] commands);

    /**
     * Whether this node can reach the state it shares with the others: always for a node on its own;
     * with Redis, whether its last registry heartbeat went through.
     */
    boolean reachable();

    @Override
    void close();
}
