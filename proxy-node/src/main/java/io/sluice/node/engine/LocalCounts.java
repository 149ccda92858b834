package io.sluice.node.engine;

import java.util.Map;

/** This node's own numbers, as the cluster reports them for it; the hub keeps them. */
public interface LocalCounts {

    int numClients();

    int numUsers();

    int numChannels();

    int numSubscriptions();

    /** Channel → number of local subscribers, sorted by name. */
    Map<String, Integer> channelCounts();
}
