package io.sluice.node.engine;

import io.sluice.node.NodeIdentity;
import io.sluice.node.broker.Broker;
import io.sluice.node.broker.MemoryBroker;
import io.sluice.node.cluster.Cluster;
import io.sluice.node.cluster.LocalCluster;
import io.sluice.node.hub.Hub;
import io.sluice.node.presence.MemoryPresence;
import io.sluice.node.presence.PresenceManager;

/** The single-node engine: everything stays in this process. */
public final class MemoryEngine implements Engine {

    private final MemoryBroker broker = new MemoryBroker();
    private final MemoryPresence presence = new MemoryPresence();
    private final LocalCluster cluster;

    public MemoryEngine(NodeIdentity identity) {
        this.cluster = new LocalCluster(identity);
    }

    @Override
    public Broker broker() {
        return broker;
    }

    @Override
    public PresenceManager presence() {
        return presence;
    }

    @Override
    public Cluster cluster() {
        return cluster;
    }

    @Override
    public void start(Hub hub) {
        broker.start(hub);
        cluster.start(hub);
    }

    @Override
    public void close() {
        broker.close();
        presence.close();
        cluster.close();
    }
}
