package io.sluice.node.client;

import io.sluice.node.testing.Jwt;
import io.sluice.node.testing.RawClient;
import io.sluice.node.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What the node counts per connection: a user's connections against its limit, and connections by SDK. */
class ConnectionAccountingTest {

    private static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start("\"client_user_connection_limit\": 2");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    /** Connects; true when connected, false when refused with 3504. */
    private static boolean connect(RawClient client, String token) throws Exception {
        client.sendText("{\"id\":1,\"connect\":{\"token\":\"" + token + "\",\"name\":\"js\",\"version\":\"5.8.0\"}}");
        try {
            return client.nextText().contains("\"connect\"");
        } catch (AssertionError closed) {
            assertThat(client.awaitClose(5).code()).isEqualTo(3504);
            return false;
        }
    }

    @Test
    void aBurstOfConnectsOfOneUserNeverPassesTheLimit() throws Exception {
        String token = Jwt.forUser("bursty", 600);
        for (int round = 0; round < 5; round++) {
            List<RawClient> clients = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                clients.add(RawClient.json(node.wsUrl()));
            }
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService threads = Executors.newFixedThreadPool(clients.size());
            List<CompletableFuture<Boolean>> outcomes = new ArrayList<>();
            for (RawClient client : clients) {
                outcomes.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await();
                        return connect(client, token);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, threads));
            }
            go.countDown();
            long connected = outcomes.stream().filter(CompletableFuture::join).count();
            threads.shutdown();
            assertThat(connected).as("round " + round).isEqualTo(2);
            clients.forEach(RawClient::close);
            await().atMost(Duration.ofSeconds(5)).until(() -> node.metric("sluice_client_connections") == 0);
        }
    }

    @Test
    void connectionsAreCountedBySdkNameAndMajorMinorVersion() throws Exception {
        String js = "sluice_client_connections_by_sdk{sdk=\"centrifuge-js\",version=\"5.8\"}";
        String other = "sluice_client_connections_by_sdk{sdk=\"other\",version=\"other\"}";
        double jsBefore = node.metric(js);
        double otherBefore = node.metric(other);
        try (RawClient sdk = RawClient.json(node.wsUrl()); RawClient custom = RawClient.json(node.wsUrl())) {
            assertThat(connect(sdk, Jwt.forUser("sdk-user", 600))).isTrue();
            custom.sendText("{\"id\":1,\"connect\":{\"token\":\"" + Jwt.forUser("custom-user", 600)
                    + "\",\"name\":\"my-own-client\",\"version\":\"1.0\"}}");
            assertThat(custom.nextText()).contains("\"connect\"");
            assertThat(node.metric(js)).isEqualTo(jsBefore + 1);
            assertThat(node.metric(other)).isEqualTo(otherBefore + 1);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> node.metric(js) == jsBefore && node.metric(other) == otherBefore);
    }
}
