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

    @Override
    void close();
}
