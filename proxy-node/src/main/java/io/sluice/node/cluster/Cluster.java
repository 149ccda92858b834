package io.sluice.node.cluster;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The nodes that serve clients together, as {@code /api/info} and {@code /api/channels} see them. */
public interface Cluster extends AutoCloseable {

    /** Every live node, this one included. */
    CompletableFuture<List<NodeInfo>> nodes();

    /** Channel → clients subscribed to it, summed over every live node; sorted by channel. */
    CompletableFuture<Map<String, Integer>> channels();

    /**
     * Whether this node can reach the state it shares with the others: always for a node on its own;
     * with Redis, whether its last registry heartbeat went through.
     */
    boolean reachable();

    @Override
    void close();
}
