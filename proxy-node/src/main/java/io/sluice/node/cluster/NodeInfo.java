package io.sluice.node.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.node.NodeIdentity;
import io.sluice.node.hub.Hub;

import java.io.IOException;

/** One node's line in {@code /api/info}; also its heartbeat in the Redis node registry (as JSON). */
public record NodeInfo(String uid, String name, String version, int numClients, int numUsers, int numChannels,
                       int numSubs, long uptimeSeconds) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** This node now. */
    public static NodeInfo of(NodeIdentity identity, Hub hub, long nowMillis) {
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

    byte[] toBytes() {
        try {
            return JSON.writeValueAsBytes(toJson());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static NodeInfo fromBytes(byte[] bytes) throws IOException {
        JsonNode json = JSON.readTree(bytes);
        return new NodeInfo(json.path("uid").asText(), json.path("name").asText(), json.path("version").asText(),
                json.path("num_clients").asInt(), json.path("num_users").asInt(), json.path("num_channels").asInt(),
                json.path("num_subs").asInt(), json.path("uptime").asLong());
    }
}
