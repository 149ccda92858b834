package io.sluice.node.engine;


/**
 * What {@code engine} selects: how publications, presence and the view of other nodes are shared.
 * {@code memory} keeps everything in this node; {@code redis} shares it through Redis.
 */
public interface Engine extends AutoCloseable {

    Broker broker();

    PresenceManager presence();

    Cluster cluster();

    /** Starts delivering to {@code local} (the hub), which is also the source of this node's own numbers. */
    void start(LocalNode local);

    /** Leaves the cluster (presence, registry) and releases connections; bounded in time. */
    @Override
    void close();
}
