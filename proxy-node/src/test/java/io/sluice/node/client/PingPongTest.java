package io.sluice.node.client;

import io.sluice.node.testing.Jwt;
import io.sluice.node.testing.RawClient;
import io.sluice.node.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Server pings every ping_interval; a client that misses a pong within pong_timeout is closed 3012. */
class PingPongTest {

    private static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start("\"ping_interval\": \"1s\", \"pong_timeout\": \"500ms\"");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static RawClient connected(String user) throws Exception {
        RawClient client = RawClient.json(node.wsUrl());
        client.sendText("{\"id\":1,\"connect\":{\"token\":\"" + Jwt.forUser(user, 60) + "\"}}");
        assertThat(client.nextText()).contains("\"ping\":1").contains("\"pong\":true");
        return client;
    }

    @Test
    void clientThatAnswersPingsStays() throws Exception {
        try (RawClient client = connected("ponger")) {
            for (int i = 0; i < 3; i++) {
                assertThat(client.nextText()).isEqualTo("{}");
                client.sendText("{}");
            }
            assertThat(client.isClosed()).isFalse();
        }
    }

    @Test
    void clientThatMissesAPongIsClosedWithNoPong() throws Exception {
        try (RawClient client = connected("silent")) {
            assertThat(client.nextText()).isEqualTo("{}");
            assertThat(client.awaitClose(5).code()).isEqualTo(3012);
        }
    }

    @Test
    void legacyPingCommandIsAnswered() throws Exception {
        try (RawClient client = connected("legacy")) {
            client.sendText("{\"id\":2,\"ping\":{}}");
            String reply = client.nextText();
            if (reply.equals("{}")) { // a server ping may come first
                client.sendText("{}");
                reply = client.nextText();
            }
            assertThat(reply).isEqualTo("{\"id\":2,\"ping\":{}}");
        }
    }
}
