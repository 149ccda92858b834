package io.sluice.node.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** One node's line in {@code /api/info}; the Redis engine also keeps it as the node's registry heartbeat (as this JSON). */
public record NodeInfo(String uid, String name, String version, int numClients, int numUsers, int numChannels,
                       int numSubs, long uptimeSeconds) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** This node now. */
    public static NodeInfo of(NodeIdentity identity, LocalCounts hub, long nowMillis) {
        return new NodeInfo(identity.uid(), identity.name(), identity.version(), hub.numClients(), hub.numUsers(),
                hub.numChannels(), hub.numSubscriptions(), (nowMillis - identity.startedAtMillis()) / 1000);
    }

    /** Centrifugo's field names. */
    public ObjectNode toJson() {
        return JSON.createObjectNode()
                .put("uid", uid)
                .put("name", name)
                .put("version", version)
                .put("num_clients", numClients)
                .put("num_users", numUsers)
                .put("num_channels", numChannels)
                .put("num_subs", numSubs)
                .put("uptime", uptimeSeconds);
    }
}
