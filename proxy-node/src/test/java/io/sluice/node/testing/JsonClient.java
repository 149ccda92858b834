package io.sluice.node.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.Queue;

/**
 * A JSON-protocol client over {@link RawClient} that reads one reply or push at a time, however the
 * node grouped them into frames.
 */
public final class JsonClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RawClient socket;
    private final Queue<String> lines = new ArrayDeque<>();
    private int nextId = 1;
    private String clientId;

    private JsonClient(RawClient socket) {
        this.socket = socket;
    }

    public static JsonClient open(String url) {
        return new JsonClient(RawClient.json(url));
    }

    public static JsonClient open(String url, Map<String, String> headers) {
        return new JsonClient(RawClient.json(url, headers));
    }

    public RawClient socket() {
        return socket;
    }

    /** Sends {@code {"id":N,<command>}} and returns N. */
    public int send(String command) {
        int id = nextId++;
        socket.sendText("{\"id\":" + id + "," + command + "}");
        return id;
    }

    /** The next reply or push. */
    public JsonNode next() throws Exception {
        while (lines.isEmpty()) {
            for (String line : socket.nextText().split("\n")) {
                if (!line.isBlank()) {
                    lines.add(line);
                }
            }
        }
        return JSON.readTree(lines.remove());
    }

    /** Sends a command and returns its reply; pushes in between fail the test. */
    public JsonNode call(String command) throws Exception {
        int id = send(command);
        JsonNode reply = next();
        if (reply.path("id").asInt() != id) {
            throw new AssertionError("expected the reply to " + id + ", got " + reply);
        }
        return reply;
    }

    /** Connects with a token (or none, when null) and returns the connect reply. */
    public JsonNode connect(String token) throws Exception {
        JsonNode reply = call(token == null ? "\"connect\":{}" : "\"connect\":{\"token\":\"" + token + "\"}");
        clientId = reply.path("connect").path("client").asText(null);
        return reply;
    }

    public String clientId() {
        return clientId;
    }

    public JsonNode subscribe(String channel, String dataJson) throws Exception {
        return call("\"subscribe\":{\"channel\":\"" + channel + "\"" + (dataJson == null ? "" : ",\"data\":" + dataJson) + "}");
    }

    public JsonNode publish(String channel, String dataJson) throws Exception {
        return call("\"publish\":{\"channel\":\"" + channel + "\",\"data\":" + dataJson + "}");
    }

    @Override
    public void close() {
        socket.close();
    }
}
