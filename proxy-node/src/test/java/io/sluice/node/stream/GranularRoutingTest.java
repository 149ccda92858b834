package io.sluice.node.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.node.testing.JsonClient;
import io.sluice.node.testing.TestBackend;
import io.sluice.node.testing.TestNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two {@code stream_backends} entries, one per contract, each selected by two namespaces, plus
 * {@code proxy_stream_connect_backend}: every stream reaches its own backend under that backend's
 * service and with that backend's metadata, and nothing reaches the other one.
 */
class GranularRoutingTest {

    @Test
    void eachNamespaceAndTheConnectionStreamReachTheirOwnBackend() throws Exception {
        try (TestBackend seed = TestBackend.start(); TestBackend shipped = TestBackend.start();
             TestNode node = TestNode.start("\"stream_backends\": ["
                     + " {\"name\": \"seed\", \"endpoint\": \"" + seed.endpoint() + "\","
                     + "  \"grpc_metadata\": {\"x-backend\": \"seed\"}, \"http_headers\": [\"X-Tenant\"]},"
                     + " {\"name\": \"shipped\", \"endpoint\": \"" + shipped.endpoint() + "\", \"contract\": \"CentrifugoProxy\","
                     + "  \"grpc_metadata\": {\"x-backend\": \"shipped\", \"x-api-key\": \"k-2\"}}],"
                     + " \"proxy_stream_connect_backend\": \"seed\","
                     + " \"namespaces\": ["
                     + "  {\"name\": \"alpha\", \"proxy_stream_subscribe_backend\": \"seed\"},"
                     + "  {\"name\": \"alphachat\", \"proxy_stream_subscribe_backend\": \"seed\","
                     + "   \"proxy_stream_subscribe_bidirectional\": true},"
                     + "  {\"name\": \"beta\", \"proxy_stream_subscribe_backend\": \"shipped\"},"
                     + "  {\"name\": \"betachat\", \"proxy_stream_subscribe_backend\": \"shipped\","
                     + "   \"proxy_stream_subscribe_bidirectional\": true}]");
             JsonClient client = JsonClient.open(node.wsUrl(), Map.of("X-Tenant", "acme"))) {

            JsonNode connect = client.connect(null).path("connect");
            assertThat(connect.isObject()).as("tokenless connect accepted by the connection stream").isTrue();
            TestBackend.Call connection = seed.nextCall();
            assertThat(connection.service).isEqualTo("CentrifugoProxyStream");
            assertThat(connection.method).isEqualTo("ConnectUnidirectional");
            assertThat(connection.header("x-backend")).isEqualTo("seed");
            assertThat(connection.header("x-tenant")).isEqualTo("acme");

            TestBackend.Call alpha = subscribed(client, seed, "alpha:one", "CentrifugoProxyStream", "SubscribeUnidirectional");
            TestBackend.Call alphaChat = subscribed(client, seed, "alphachat:two", "CentrifugoProxyStream", "SubscribeBidirectional");
            TestBackend.Call beta = subscribed(client, shipped, "beta:three", "CentrifugoProxy", "SubscribeUnidirectional");
            TestBackend.Call betaChat = subscribed(client, shipped, "betachat:four", "CentrifugoProxy", "SubscribeBidirectional");

            for (TestBackend.Call call : new TestBackend.Call[] {alpha, alphaChat}) {
                assertThat(call.header("x-backend")).isEqualTo("seed");
                assertThat(call.header("x-tenant")).isEqualTo("acme");
                assertThat(call.header("x-api-key")).isNull();
            }
            for (TestBackend.Call call : new TestBackend.Call[] {beta, betaChat}) {
                assertThat(call.header("x-backend")).isEqualTo("shipped");
                assertThat(call.header("x-api-key")).isEqualTo("k-2");
                assertThat(call.header("x-tenant")).as("only the seed backend forwards X-Tenant").isNull();
            }
            assertThat(alpha.subscribeRequest().getUser()).as("the user the connection stream gave").isEqualTo("stream-user");
            assertThat(seed.openCalls()).as("connection + two subscriptions").isEqualTo(3);
            assertThat(shipped.openCalls()).as("two subscriptions, no connection stream").isEqualTo(2);

            alpha.push("{\"from\":\"seed\"}");
            assertPush(client, "alpha:one", "seed");
            beta.push("{\"from\":\"shipped\"}");
            assertPush(client, "beta:three", "shipped");

            assertThat(client.publish("alphachat:two", "{\"to\":\"seed\"}").has("error")).isFalse();
            assertThat(alphaChat.fromClient.poll(5, TimeUnit.SECONDS).toString(StandardCharsets.UTF_8))
                    .isEqualTo("{\"to\":\"seed\"}");
            assertThat(client.publish("betachat:four", "{\"to\":\"shipped\"}").has("error")).isFalse();
            assertThat(betaChat.fromClient.poll(5, TimeUnit.SECONDS).toString(StandardCharsets.UTF_8))
                    .isEqualTo("{\"to\":\"shipped\"}");
        }
    }

    private static TestBackend.Call subscribed(JsonClient client, TestBackend backend, String channel, String service,
                                               String method) throws Exception {
        JsonNode reply = client.subscribe(channel, null);
        assertThat(reply.path("subscribe").path("data").path("welcome").asText()).as("%s: %s", channel, reply)
                .isEqualTo(channel);
        TestBackend.Call call = backend.nextCall();
        assertThat(call.subscribeRequest().getChannel()).isEqualTo(channel);
        assertThat(call.service).as(channel).isEqualTo(service);
        assertThat(call.method).as(channel).isEqualTo(method);
        return call;
    }

    private static void assertPush(JsonClient client, String channel, String from) throws Exception {
        JsonNode push = client.next().path("push");
        assertThat(push.path("channel").asText()).isEqualTo(channel);
        assertThat(push.path("pub").path("data").path("from").asText()).isEqualTo(from);
    }
}
