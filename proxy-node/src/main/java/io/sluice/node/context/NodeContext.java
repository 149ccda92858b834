package io.sluice.node.context;

import io.sluice.node.auth.TokenVerifier;
import io.sluice.node.config.NodeConfig;
import io.sluice.node.engine.Broker;
import io.sluice.node.engine.Cluster;
import io.sluice.node.engine.NodeIdentity;
import io.sluice.node.engine.PresenceManager;
import io.sluice.node.hub.Hub;
import io.sluice.node.metrics.NodeMetrics;
import io.sluice.node.stream.StreamBackends;

import java.time.Clock;
import java.util.function.Supplier;

/**
 * The node-wide services a connection or an API call works with. {@code config} always returns
 * the current snapshot, which a reload may swap.
 */
public record NodeContext(
        Supplier<NodeConfig> config,
        TokenVerifier tokens,
        Hub hub,
        Broker broker,
        PresenceManager presence,
        Cluster cluster,
        StreamBackends streams,
        NodeMetrics metrics,
        NodeIdentity identity,
        Clock clock) {

    public long nowSeconds() {
        return clock.millis() / 1000;
    }
}
