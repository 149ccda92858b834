package io.sluice.node.cluster;

import io.sluice.node.NodeIdentity;
import io.sluice.node.hub.Hub;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The memory engine's cluster: this node alone. */
public final class LocalCluster implements Cluster {

    private final NodeIdentity identity;
    private volatile Hub hub;

    public LocalCluster(NodeIdentity identity) {
        this.identity = identity;
    }

    public void start(Hub hub) {
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
