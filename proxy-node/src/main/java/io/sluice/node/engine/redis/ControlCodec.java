package io.sluice.node.engine.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.node.engine.ControlCommand;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** {@link ControlCommand}s as small JSON objects on the control channel, readable with redis-cli MONITOR. */
final class ControlCodec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ControlCodec() {
    }

    static byte[] encode(ControlCommand command) {
        ObjectNode json = JSON.createObjectNode().put("user", command.user()).put("client", command.client());
        if (command instanceof ControlCommand.Subscribe c) {
            json.put("type", "subscribe").put("channel", c.channel());
            putBytes(json, "info", c.info());
            putBytes(json, "data", c.data());
        } else if (command instanceof ControlCommand.Unsubscribe c) {
            json.put("type", "unsubscribe").put("channel", c.channel());
        } else if (command instanceof ControlCommand.Disconnect c) {
            json.put("type", "disconnect").put("code", c.code()).put("reason", c.reason());
            c.whitelist().forEach(json.putArray("whitelist")::add);
        } else if (command instanceof ControlCommand.Refresh c) {
            json.put("type", "refresh").put("expired", c.expired()).put("expire_at", c.expireAt());
        }
        try {
            return JSON.writeValueAsBytes(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static ControlCommand decode(byte[] bytes) throws IOException {
        JsonNode json = JSON.readTree(bytes);
        String user = json.path("user").asText("");
        String client = json.path("client").asText("");
        return switch (json.path("type").asText("")) {
            case "subscribe" -> new ControlCommand.Subscribe(user, json.path("channel").asText(""), client,
                    bytes(json, "info"), bytes(json, "data"));
            case "unsubscribe" -> new ControlCommand.Unsubscribe(user, json.path("channel").asText(""), client);
            case "disconnect" -> {
                List<String> whitelist = new ArrayList<>();
                json.path("whitelist").forEach(id -> whitelist.add(id.asText()));
                yield new ControlCommand.Disconnect(user, json.path("code").asInt(), json.path("reason").asText(""),
                        client, List.copyOf(whitelist));
            }
            case "refresh" -> new ControlCommand.Refresh(user, client, json.path("expired").asBoolean(),
                    json.path("expire_at").asLong());
            default -> throw new IOException("unknown control command " + json.path("type"));
        };
    }

    private static void putBytes(ObjectNode json, String key, byte[] value) {
        if (value != null) {
            json.put(key, Base64.getEncoder().encodeToString(value));
        }
    }

    private static byte[] bytes(JsonNode json, String key) {
        JsonNode value = json.get(key);
        return value == null || value.isNull() ? null : Base64.getDecoder().decode(value.asText());
    }
}
