package io.sluice.node.engine;

import io.sluice.node.NodeIdentity;
import io.sluice.node.broker.Broker;
import io.sluice.node.cluster.Cluster;
import io.sluice.node.config.ConfigException;
import io.sluice.node.config.NodeConfig;
import io.sluice.node.hub.Hub;
import io.sluice.node.presence.PresenceManager;
import io.sluice.node.redis.RedisEngine;

/**
 * What {@code engine} selects: how publications, presence and the view of other nodes are shared.
 * {@code memory} keeps everything in this node; {@code redis} shares it through Redis.
 */
public interface Engine extends AutoCloseable {

    Broker broker();

    PresenceManager presence();

    Cluster cluster();

    /** Starts delivering to {@code hub}, which is also the source of this node's own numbers. */
    void start(Hub hub);

    /** Leaves the cluster (presence, registry) and releases connections; bounded in time. */
    @Override
    void close();

    static Engine create(NodeConfig config, NodeIdentity identity) throws ConfigException {
        return config.engine().isRedis() ? RedisEngine.create(config, identity) : new MemoryEngine(identity);
    }
}
