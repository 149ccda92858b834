package io.sluice.node.engine.memory;

import io.sluice.node.engine.Cluster;
import io.sluice.node.engine.LocalCounts;
import io.sluice.node.engine.NodeIdentity;
import io.sluice.node.engine.NodeInfo;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The memory engine's cluster: this node alone. */
public final class LocalCluster implements Cluster {

    private final NodeIdentity identity;
    private volatile LocalCounts hub;

    public LocalCluster(NodeIdentity identity) {
        this.identity = identity;
    }

    public void start(LocalCounts hub) {
        this.hub = hub;
    }

    /** A node on its own holds every session it can be asked about. */
    @Override
    public void onEmulation(EmulationHandler handler) {
    }

    @Override
    public CompletableFuture<Void> forwardEmulation(String nodeUid, String session, byte[] commands) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public boolean reachable() {
        return true;
    }

    @Override
    public CompletableFuture<List<NodeInfo>> nodes() {
        return CompletableFuture.completedFuture(List.of(NodeInfo.of(identity, hub, System.currentTimeMillis())));
    }

    @Override
    public CompletableFuture<Map<String, Integer>> channels() {
        return CompletableFuture.completedFuture(hub.channelCounts());
    }

    @Override
    public void close() {
    }
}
