package io.sluice.demo.streams;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.sluice.demo.streams.DemoErrors.Rejection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** JSON in and out of the byte payloads the gRPC messages carry (JSON clients send raw JSON through). */
public final class Json {
    private Json() {
    }

    public static final ObjectMapper MAPPER = new ObjectMapper();

    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** Client {@code data} that must be a JSON object; empty means "no data" and gives an empty object. */
    public static ObjectNode requestObject(byte[] data, String what) throws Rejection {
        if (data.length == 0) {
            return object();
        }
        try {
            JsonNode node = MAPPER.readTree(data);
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (IOException e) {
            // falls through to the rejection below
        }
        throw new Rejection(DemoErrors.BAD_DATA, what + " data must be a JSON object");
    }

    /** Whatever a client published, as JSON: parsed when it is JSON, else its text (Protobuf clients send bytes). */
    public static JsonNode anything(byte[] data) {
        try {
            JsonNode node = MAPPER.readTree(data);
            if (node != null && !node.isMissingNode()) {
                return node;
            }
        } catch (IOException e) {
            // not JSON: echo it as text
        }
        return TextNode.valueOf(new String(data, StandardCharsets.UTF_8));
    }

    public static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JsonNode always serialises", e);
        }
    }
}
