package io.sluice.node.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.node.testing.Jwt;
import io.sluice.node.testing.RawClient;
import io.sluice.node.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed and hostile input over real WebSockets and HTTP: each gets its exact code, and the
 * node goes on serving the next client (checked after every test).
 */
class BadInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start("\"client_stale_close_delay\": \"1s\","
                + " \"namespaces\": [{\"name\": \"chat\", \"allow_subscribe_for_client\": true}]");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @AfterEach
    void nodeStillServesTheNextClient() throws Exception {
        try (RawClient client = RawClient.json(node.wsUrl())) {
            JsonNode reply = connect(client, Jwt.forUser("next", 60));
            assertThat(reply.path("connect").path("client").asText()).isNotEmpty();
        }
    }

    private static JsonNode connect(RawClient client, String token) throws Exception {
        client.sendText("{\"id\":1,\"connect\":{\"token\":\"" + token + "\"}}");
        return JSON.readTree(client.nextText());
    }

    private static JsonNode command(RawClient client, String json) throws Exception {
        client.sendText(json);
        return JSON.readTree(client.nextText());
    }

    @Test
    void garbageJsonIsBadRequest() throws Exception {
        try (RawClient client = RawClient.json(node.wsUrl())) {
            client.sendText("{not json at all");
            assertThat(client.awaitClose(5).code()).isEqualTo(3501);
        }
    }

    @Test
    void garbageProtobufIsBadRequest() throws Exception {
        try (RawClient client = RawClient.protobuf(node.wsUrl())) {
            client.sendBinary(new byte[]{(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f, 0x01, 0x02});
            assertThat(client.awaitClose(5).code()).isEqualTo(3501);
        }
    }

    @Test
    void commandBeforeConnectIsBadRequest() throws Exception {
        try (RawClient client = RawClient.json(node.wsUrl())) {
            client.sendText("{\"id\":1,\"subscribe\":{\"channel\":\"chat:index\"}}");
            assertThat(client.awaitClose(5).code()).isEqualTo(3501);
        }
    }

    @Test
    void frameOverTheSizeLimitIsRefusedWith1009() throws Exception {
        try (RawClient client = RawClient.json(node.wsUrl())) {
            connect(client, Jwt.forUser("big", 60));
            char[] payload = new char[65537];
            Arrays.fill(payload, 'x');
            client.sendText("{\"id\":2,\"publish\":{\"channel\":\"chat:a\",\"data\":\"" + new String(payload) + "\"}}");
            assertThat(client.awaitClose(5).code()).isEqualTo(1009);
        }
    }

    @Test
    void badSignatureIsInvalidToken() throws Exception {
        try (RawClient client = RawClient.json(node.wsUrl())) {
            String forged = Jwt.hs256("not-the-secret", "{\"sub\":\"mallory\"}");
            client.sendText("{\"id\":1,\"connect\":{\"token\":\"" + forged + "\"}}");
            assertThat(client.awaitClose(5).code()).isEqualTo(3500);
        }
    }

    @Test
    void unsignedTokenIsInvalidToken() throws Exception {
        try (RawClient client = RawClient.json(node.wsUrl())) {
            client.sendText("{\"id\":1,\"connect\":{\"token\":\"" + Jwt.unsigned("{\"sub\":\"mallory\"}") + "\"}}");
            assertThat(client.awaitClose(5).code()).isEqualTo(3500);
        }
    }

    @Test
    void expiredTokenIsError109AndConnectionStays() throws Exception {
        try (RawClient client = RawClient.json(node.wsUrl())) {
            JsonNode reply = connect(client, Jwt.forUser("late", -10));
            assertThat(reply.path("id").asInt()).isEqualTo(1);
            assertThat(reply.path("error").path("code").asInt()).isEqualTo(109);
            // The SDK retries on the same socket with a fresh token.
            assertThat(connect(client, Jwt.forUser("late", 60)).path("connect").path("client").asText()).isNotEmpty();
        }
    }

    @Test
    void unknownNamespaceIs102() throws Exception {
        try (RawClient client = RawClient.json(node.wsUrl())) {
            connect(client, Jwt.forUser("u1", 60));
            JsonNode reply = command(client, "{\"id\":2,\"subscribe\":{\"channel\":\"nope:room\"}}");
            assertThat(reply.path("error").path("code").asInt()).isEqualTo(102);
        }
    }

    @Test
    void subscriptionOverTheChannelLimitIs106() throws Exception {
        try (RawClient client = RawClient.json(node.wsUrl())) {
            connect(client, Jwt.forUser("greedy", 60));
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < 128; i++) {
                batch.append("{\"id\":").append(i + 2).append(",\"subscribe\":{\"channel\":\"chat:").append(i).append("\"}}\n");
            }
            client.sendText(batch.toString().trim());
            String[] replies = client.nextText().split("\n");
            assertThat(replies).hasSize(128).allSatisfy(r -> assertThat(r).contains("\"subscribe\":{}"));
            JsonNode reply = command(client, "{\"id\":500,\"subscribe\":{\"channel\":\"chat:one-too-many\"}}");
            assertThat(reply.path("error").path("code").asInt()).isEqualTo(106);
        }
    }

    @Test
    void channelNameOver255BytesIs107() throws Exception {
        try (RawClient client = RawClient.json(node.wsUrl())) {
            connect(client, Jwt.forUser("u2", 60));
            JsonNode reply = command(client, "{\"id\":2,\"subscribe\":{\"channel\":\"chat:" + "c".repeat(251) + "\"}}");
            assertThat(reply.path("error").path("code").asInt()).isEqualTo(107);
        }
    }

    @Test
    void unsolicitedPongIsBadRequest() throws Exception {
        try (RawClient client = RawClient.json(node.wsUrl())) {
            connect(client, Jwt.forUser("u3", 60));
            client.sendText("{}");
            assertThat(client.awaitClose(5).code()).isEqualTo(3501);
        }
    }

    @Test
    void clientThatNeverConnectsIsStale() throws Exception {
        try (RawClient client = RawClient.json(node.wsUrl())) {
            assertThat(client.awaitClose(5).code()).isEqualTo(3502);
        }
    }

    @Test
    void apiCallWithoutKeyIs401() throws Exception {
        HttpResponse<String> response = node.api().raw("publish", "{\"channel\":\"chat:a\",\"data\":{}}", null);
        assertThat(response.statusCode()).isEqualTo(401);
        HttpResponse<String> wrongKey = node.api().raw("publish", "{\"channel\":\"chat:a\",\"data\":{}}", "wrong");
        assertThat(wrongKey.statusCode()).isEqualTo(401);
    }

    @Test
    void apiCallWithMalformedJsonIs400() throws Exception {
        HttpResponse<String> response = node.api().raw("publish", "{\"channel\":", TestNode.API_KEY);
        assertThat(response.statusCode()).isEqualTo(400);
    }
}
