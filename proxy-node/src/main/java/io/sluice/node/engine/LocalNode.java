package io.sluice.node.engine;

/** What an engine serves on this node: where the broker delivers, and where the cluster reads this node's numbers. */
public interface LocalNode extends Broker.Handler, LocalCounts {
}
