package io.sluice.node.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.node.testing.JsonClient;
import io.sluice.node.testing.Jwt;
import io.sluice.node.testing.TestBackend;
import io.sluice.node.testing.TestNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A backend that allows 100 concurrent streams per HTTP/2 connection (MAX_CONCURRENT_STREAMS, as
 * Kestrel and many proxies advertise): grpc-java would silently queue a 101st stream on a full
 * connection, so the node's pool must open another connection instead.
 */
class BackendPoolLimitTest {

    private static final int STREAMS = 300;
    /** Below the default client_channel_limit (128). */
    private static final int PER_CLIENT = 100;

    @Test
    void threeHundredStreamsAllOpenThroughABackendLimitedTo100PerConnection() throws Exception {
        try (TestBackend backend = TestBackend.start(0, b -> b.maxConcurrentCallsPerConnection(100));
             TestNode node = TestNode.start("\"proxy_stream_subscribe_endpoint\": \"" + backend.endpoint() + "\","
                     + " \"namespaces\": [{\"name\": \"feed\", \"proxy_stream_subscribe\": true}]")) {
            List<JsonClient> clients = new ArrayList<>();
            try {
                TestBackend.Call last = null;
                for (int c = 0; c < STREAMS / PER_CLIENT; c++) {
                    JsonClient client = JsonClient.open(node.wsUrl());
                    clients.add(client);
                    assertThat(client.connect(Jwt.forUser("user" + c, 600)).has("connect")).isTrue();
                    for (int i = 0; i < PER_CLIENT; i++) {
                        String channel = "feed:c" + c + "s" + i;
                        JsonNode reply = client.subscribe(channel, null);
                        assertThat(reply.has("error")).as("subscribe %s: %s", channel, reply).isFalse();
                        assertThat(reply.path("subscribe").path("data").path("welcome").asText()).isEqualTo(channel);
                        last = backend.nextCall();
                    }
                }
                assertThat(backend.openCalls()).isEqualTo(STREAMS);
                assertThat(node.node().context().streams().pool("proxy_stream_subscribe").activeStreams())
                        .as("the two initial connections filled to the limit, then the pool grew by one")
                        .containsExactly(100, 100, 100);

                JsonClient lastClient = clients.get(clients.size() - 1);
                last.push("{\"to\":\"the last stream\"}");
                JsonNode push = lastClient.next().path("push");
                assertThat(push.path("channel").asText()).isEqualTo("feed:c2s" + (PER_CLIENT - 1));
                assertThat(push.path("pub").path("data").path("to").asText()).isEqualTo("the last stream");
            } finally {
                clients.forEach(JsonClient::close);
            }
        }
    }
}
