package io.sluice.node.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.node.testing.JsonClient;
import io.sluice.node.testing.Jwt;
import io.sluice.node.testing.TestBackend;
import io.sluice.node.testing.TestNode;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The node starts while its stream backend's port is closed: stream subscribes are refused with the
 * temporary error 100 and everything else keeps working; once a backend listens there, a new
 * subscribe gets through on the same node (the gRPC channel reconnects by itself).
 */
class LateBackendTest {

    @Test
    void aBackendThatIsDownAtStartIsError100UntilItComesUp() throws Exception {
        int port = freePort();
        try (TestNode node = TestNode.start("\"proxy_stream_subscribe_endpoint\": \"grpc://127.0.0.1:" + port + "\","
                + " \"namespaces\": [{\"name\": \"late\", \"proxy_stream_subscribe\": true},"
                + "  {\"name\": \"chat\", \"allow_subscribe_for_client\": true}]");
             JsonClient client = JsonClient.open(node.wsUrl())) {
            assertThat(client.connect(Jwt.forUser("ann", 600)).has("connect")).isTrue();

            JsonNode error = client.subscribe("late:quotes", null).path("error");
            assertThat(error.path("code").asInt()).isEqualTo(100);
            assertThat(error.path("temporary").asBoolean()).isTrue();
            assertThat(health(node)).isEqualTo(200);
            assertThat(client.subscribe("chat:lobby", null).has("error")).as("other channels unaffected").isFalse();

            try (TestBackend backend = TestBackend.start(port, b -> b)) {
                AtomicReference<JsonNode> reply = new AtomicReference<>();
                // As an SDK does after a temporary error: subscribe again until it works.
                await("a subscribe gets through once the backend listens").atMost(Duration.ofSeconds(15))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> {
                            JsonNode r = client.subscribe("late:quotes", null);
                            if (r.has("error")) {
                                assertThat(r.path("error").path("code").asInt()).isEqualTo(100);
                                return false;
                            }
                            reply.set(r);
                            return true;
                        });
                assertThat(reply.get().path("subscribe").path("data").path("welcome").asText()).isEqualTo("late:quotes");
                TestBackend.Call call = backend.nextCall();
                assertThat(call.subscribeRequest().getChannel()).isEqualTo("late:quotes");
                assertThat(backend.openCalls()).as("one stream for the one subscription").isEqualTo(1);
                call.push("{\"live\":true}");
                JsonNode push = client.next().path("push");
                assertThat(push.path("channel").asText()).isEqualTo("late:quotes");
                assertThat(push.path("pub").path("data").path("live").asBoolean()).isTrue();
            }
        }
    }

    private static int health(TestNode node) throws Exception {
        return HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + "/health")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
