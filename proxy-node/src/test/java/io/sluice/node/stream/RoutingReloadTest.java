package io.sluice.node.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.node.testing.Jwt;
import io.sluice.node.testing.JsonClient;
import io.sluice.node.testing.TestBackend;
import io.sluice.node.testing.TestNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hot reload of the routing file (DESIGN §4): a changed namespace's stream subscribers move to the new
 * routing with 2500, untouched namespaces keep their streams, new namespaces work at once, and a bad
 * file keeps the old routing.
 */
class RoutingReloadTest {

    @TempDir
    Path dir;
    private Path routing;
    private TestBackend first;
    private TestBackend second;
    private TestNode node;

    @BeforeEach
    void start() throws Exception {
        first = TestBackend.start();
        second = TestBackend.start();
        Path base = dir.resolve("base.json");
        Files.writeString(base, "{\"ping_interval\": \"25s\"}");
        routing = dir.resolve("routing.json");
        writeRouting("{\"name\": \"kept\", \"proxy_stream_subscribe_backend\": \"first\"},"
                + "{\"name\": \"moved\", \"proxy_stream_subscribe_backend\": \"first\"}");
        node = TestNode.startWatching(List.of(base, routing));
    }

    @AfterEach
    void stop() {
        node.close();
        first.close();
        second.close();
    }

    private void writeRouting(String namespaces) throws Exception {
        Path next = dir.resolve("routing.json.next");
        Files.writeString(next, "{\"stream_backends\": ["
                + "{\"name\": \"first\", \"endpoint\": \"" + first.endpoint() + "\"},"
                + "{\"name\": \"second\", \"endpoint\": \"" + second.endpoint() + "\", \"contract\": \"CentrifugoProxy\"}],"
                + " \"namespaces\": [" + namespaces + "]}");
        Files.move(next, routing, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void changedNamespacesResubscribeUnderTheNewRoutingAndOthersKeepTheirStreams() throws Exception {
        try (JsonClient client = JsonClient.open(node.wsUrl())) {
            client.connect(Jwt.forUser("ann", 60));
            client.subscribe("kept:a", null);
            TestBackend.Call kept = first.nextCall();
            client.subscribe("moved:b", null);
            TestBackend.Call moved = first.nextCall();

            writeRouting("{\"name\": \"kept\", \"proxy_stream_subscribe_backend\": \"first\"},"
                    + "{\"name\": \"moved\", \"proxy_stream_subscribe_backend\": \"second\"},"
                    + "{\"name\": \"added\", \"proxy_stream_subscribe_backend\": \"second\"}");

            JsonNode push = client.next().path("push");
            assertThat(push.path("channel").asText()).isEqualTo("moved:b");
            assertThat(push.path("unsubscribe").path("code").asInt()).isEqualTo(2500);
            assertThat(moved.awaitCancelled(5)).isTrue();

            assertThat(client.subscribe("moved:b", null).has("error")).isFalse();
            assertThat(second.nextCall().service).isEqualTo("CentrifugoProxy");
            assertThat(client.subscribe("added:c", null).has("error")).isFalse();
            assertThat(second.nextCall().subscribeRequest().getChannel()).isEqualTo("added:c");

            kept.push("{\"still\":\"here\"}");
            assertThat(client.next().path("push").path("pub").path("data").path("still").asText()).isEqualTo("here");
            assertThat(kept.cancelled).isNotDone();
        }
    }

    @Test
    void aBadRoutingFileKeepsTheRoutingInForce() throws Exception {
        try (JsonClient client = JsonClient.open(node.wsUrl())) {
            client.connect(Jwt.forUser("ann", 60));
            client.subscribe("kept:a", null);
            TestBackend.Call kept = first.nextCall();

            Files.writeString(routing, "{\"namespaces\": [{\"name\": \"kept\", \"proxy_stream_subscribe_backend\": \"nowhere\"}]}");
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> node.metric("sluice_config_reloads_total{result=\"rejected\"}") >= 1);

            kept.push("{\"n\":1}");
            assertThat(client.next().path("push").path("pub").path("data").path("n").asInt()).isEqualTo(1);
            assertThat(client.subscribe("moved:b", null).has("error")).as("the old routing still serves").isFalse();
            assertThat(first.nextCall().subscribeRequest().getChannel()).isEqualTo("moved:b");
        }
    }
}
