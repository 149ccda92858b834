package io.sluice.node.engine.memory;

import io.sluice.node.engine.Broker;
import io.sluice.node.engine.Cluster;
import io.sluice.node.engine.Engine;
import io.sluice.node.engine.LocalNode;
import io.sluice.node.engine.NodeIdentity;
import io.sluice.node.engine.PresenceManager;

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
    public void start(LocalNode hub) {
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
