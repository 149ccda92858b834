package io.sluice.node.client;

import io.sluice.node.testing.Jwt;
import io.sluice.node.testing.RawClient;
import io.sluice.node.testing.StalledClient;
import io.sluice.node.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client that stops reading while the node keeps publishing to it: once more than
 * client_queue_max_size bytes wait for it, it is disconnected 3008, and other clients carry on.
 */
class SlowClientTest {

    private static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        // A long write timeout, so that here the queue limit is what catches the client.
        node = TestNode.start("\"client_queue_max_size\": 262144, \"websocket_write_timeout\": \"60s\","
                + " \"namespaces\": [{\"name\": \"feed\", \"allow_subscribe_for_client\": true}]");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void clientThatStopsReadingIsDisconnectedAsSlow() throws Exception {
        try (StalledClient stalled = new StalledClient(node.port(), "slowpoke", "feed:firehose");
             RawClient healthy = RawClient.json(node.wsUrl())) {

            healthy.sendText("{\"id\":1,\"connect\":{\"token\":\"" + Jwt.forUser("healthy", 60) + "\"}}");
            healthy.nextText();
            healthy.sendText("{\"id\":2,\"subscribe\":{\"channel\":\"feed:other\"}}");
            healthy.nextText();

            String payload = "\"" + "x".repeat(10_000) + "\"";
            StringBuilder batch = new StringBuilder("{\"commands\":[");
            for (int i = 0; i < 100; i++) {
                batch.append(i == 0 ? "" : ",").append("{\"publish\":{\"channel\":\"feed:firehose\",\"data\":").append(payload).append("}}");
            }
            batch.append("]}");
            for (int round = 0; round < 40 && metricFor3008() == 0; round++) {
                node.api().call("batch", batch.toString());
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> metricFor3008() >= 1);

            // The node and its other clients are unaffected.
            node.api().call("publish", "{\"channel\":\"feed:other\",\"data\":{\"ok\":true}}");
            assertThat(healthy.nextText()).contains("\"ok\":true");
        }
    }

    private static double metricFor3008() throws Exception {
        return node.metric("sluice_client_disconnects_total{code=\"3008\"}");
    }
}
