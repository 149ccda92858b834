package io.sluice.node.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.sluice.node.context.NodeContext;
import io.sluice.node.engine.NodeIdentity;
import io.sluice.node.auth.TokenVerifier;
import io.sluice.node.config.load.ConfigLoader;
import io.sluice.node.config.NodeConfig;
import io.sluice.node.engine.memory.MemoryEngine;
import io.sluice.node.hub.Hub;
import io.sluice.node.metrics.NodeMetrics;
import io.sluice.node.protocol.ClientCodecs;
import io.sluice.node.transport.WebSocketTransport;
import io.sluice.node.stream.StreamBackends;
import io.sluice.node.testing.Jwt;
import io.sluice.node.testing.TestNode;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One {@link ClientSession} on a Netty {@link EmbeddedChannel} with the memory engine, for state-machine
 * details: the test thread is the connection's event loop, so every step is deterministic.
 */
final class SessionHarness implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    final EmbeddedChannel channel = new EmbeddedChannel();
    final NodeContext node;
    final StreamBackends streams;
    final ClientSession session;
    private final MemoryEngine engine;
    private final NodeMetrics metrics = new NodeMetrics();

    /** {@code configView} turns the node's current-config supplier into the one sessions read (identity: as is). */
    SessionHarness(String extraJson, Function<Supplier<NodeConfig>, Supplier<NodeConfig>> configView) throws Exception {
        NodeConfig config = config(extraJson);
        NodeIdentity identity = NodeIdentity.create("harness");
        engine = new MemoryEngine(identity);
        Hub hub = new Hub(engine.broker());
        streams = new StreamBackends(config, metrics.streams());
        node = new NodeContext(configView.apply(streams::config), new TokenVerifier(config.token(), config.subscriptionToken(), Clock.systemUTC()),
                hub, engine.broker(), engine.presence(), engine.cluster(), streams, metrics, identity, Clock.systemUTC());
        engine.start(hub);
        session = new ClientSession(new WebSocketTransport(channel, false, metrics), ClientCodecs.JSON, node, java.util.Map.of());
        session.start();
    }

    SessionHarness(String extraJson) throws Exception {
        this(extraJson, Function.identity());
    }

    /** A config as a node reads it: the test secret and {@code extraJson} (may be empty). */
    static NodeConfig config(String extraJson) throws Exception {
        return ConfigLoader.fromJson("{\"token_hmac_secret_key\": \"" + TestNode.SECRET + "\""
                + (extraJson.isBlank() ? "" : ", " + extraJson) + "}");
    }

    /** One frame of newline-joined commands from the client; the loop then runs what it queued. */
    void send(String... commands) {
        session.onFrame(Unpooled.copiedBuffer(String.join("\n", commands), StandardCharsets.UTF_8));
        channel.runPendingTasks();
    }

    void connect(String user) throws Exception {
        send("{\"id\":1,\"connect\":{\"token\":\"" + Jwt.forUser(user, 600) + "\"}}");
        JsonNode reply = replies().get(0);
        if (!reply.has("connect")) {
            throw new AssertionError("connect refused: " + reply);
        }
    }

    /** Every reply and push written so far, in wire order; fails on a close frame. */
    List<JsonNode> replies() throws Exception {
        channel.runPendingTasks();
        List<JsonNode> out = new ArrayList<>();
        Object frame;
        while ((frame = channel.readOutbound()) != null) {
            if (frame instanceof CloseWebSocketFrame close) {
                throw new AssertionError("closed " + close.statusCode() + " " + close.reasonText());
            }
            String text = ((TextWebSocketFrame) frame).text();
            ((TextWebSocketFrame) frame).release();
            for (String line : text.split("\n")) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    @Override
    public void close() {
        session.onClosed();
        channel.finishAndReleaseAll();
        streams.close();
        engine.close();
        metrics.close();
    }
}
