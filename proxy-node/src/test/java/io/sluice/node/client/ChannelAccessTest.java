package io.sluice.node.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.node.testing.Jwt;
import io.sluice.node.testing.RawClient;
import io.sluice.node.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Channel kinds and namespace permissions, over a real WebSocket with the JSON protocol; the cases that only
 * check a code run in-process, in {@link ChannelAccessSessionTest}.
 */
class ChannelAccessTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start("\"allow_anonymous_connect_without_token\": true, \"namespaces\": ["
                + "{\"name\": \"open\", \"allow_subscribe_for_client\": true, \"allow_subscribe_for_anonymous\": true},"
                + "{\"name\": \"members\", \"allow_subscribe_for_client\": true, \"allow_publish_for_client\": true},"
                + "{\"name\": \"closed\"},"
                + "{\"name\": \"dialog\", \"allow_user_limited_channels\": true},"
                + "{\"name\": \"streams\", \"proxy_stream_subscribe\": true, \"allow_subscribe_for_client\": true}],"
                + " \"proxy_stream_subscribe_endpoint\": \"grpc://127.0.0.1:1\"");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static RawClient connect(String token) throws Exception {
        RawClient client = RawClient.json(node.wsUrl());
        client.sendText(token == null ? "{\"id\":1,\"connect\":{}}" : "{\"id\":1,\"connect\":{\"token\":\"" + token + "\"}}");
        assertThat(JSON.readTree(client.nextText()).path("connect").isObject()).isTrue();
        return client;
    }

    private static int errorOf(RawClient client, String command) throws Exception {
        client.sendText(command);
        JsonNode reply = JSON.readTree(client.nextText());
        return reply.path("error").path("code").asInt(0);
    }

    private static int subscribe(RawClient client, String channel, String token) throws Exception {
        return errorOf(client, "{\"id\":7,\"subscribe\":{\"channel\":\"" + channel + "\""
                + (token == null ? "" : ",\"token\":\"" + token + "\"") + "}}");
    }

    @Test
    void namespacePermissionsDecideSubscribeAndPublish() throws Exception {
        try (RawClient client = connect(Jwt.forUser("ann", 60))) {
            assertThat(subscribe(client, "members:a", null)).isZero();
            assertThat(subscribe(client, "members:a", null)).isEqualTo(105);
            assertThat(subscribe(client, "closed:a", null)).isEqualTo(103);
            assertThat(errorOf(client, "{\"id\":8,\"publish\":{\"channel\":\"members:b\",\"data\":{}}}")).isZero();
            assertThat(errorOf(client, "{\"id\":9,\"publish\":{\"channel\":\"open:b\",\"data\":{}}}")).isEqualTo(103);
            assertThat(errorOf(client, "{\"id\":10,\"presence\":{\"channel\":\"members:a\"}}")).isEqualTo(108);
            assertThat(errorOf(client, "{\"id\":11,\"history\":{\"channel\":\"members:a\"}}")).isEqualTo(108);
            assertThat(errorOf(client, "{\"id\":12,\"rpc\":{\"method\":\"x\"}}")).isEqualTo(108);
            assertThat(subscribe(client, "streams:s1", null)).as("stream backend unreachable: temporary").isEqualTo(100);
        }
    }

    @Test
    void privateChannelsNeedAMatchingSubscriptionToken() throws Exception {
        try (RawClient client = connect(Jwt.forUser("ann", 60))) {
            long exp = System.currentTimeMillis() / 1000 + 60;
            assertThat(subscribe(client, "$closed:secret", null)).isEqualTo(103);
            String good = Jwt.hs256(TestNode.SECRET, "{\"sub\":\"ann\",\"channel\":\"$closed:secret\",\"exp\":" + exp + "}");
            assertThat(subscribe(client, "$closed:secret", good)).isZero();
            String forged = Jwt.hs256("wrong", "{\"sub\":\"ann\",\"channel\":\"$closed:other\"}");
            assertThat(subscribe(client, "$closed:other", forged)).isEqualTo(103);
            String expired = Jwt.hs256(TestNode.SECRET, "{\"sub\":\"ann\",\"channel\":\"$closed:late\",\"exp\":1}");
            assertThat(subscribe(client, "$closed:late", expired)).isEqualTo(109);
        }
        try (RawClient client = connect(Jwt.forUser("ann", 60))) {
            String otherChannel = Jwt.hs256(TestNode.SECRET, "{\"sub\":\"ann\",\"channel\":\"$closed:x\"}");
            client.sendText("{\"id\":7,\"subscribe\":{\"channel\":\"$closed:y\",\"token\":\"" + otherChannel + "\"}}");
            assertThat(client.awaitClose(5).code()).isEqualTo(3500);
        }
    }

    @Test
    void tokenChannelsBecomeServerSideSubscriptions() throws Exception {
        String token = Jwt.hs256(TestNode.SECRET, "{\"sub\":\"sam\",\"channels\":[\"closed:news\"]}");
        try (RawClient client = RawClient.json(node.wsUrl())) {
            client.sendText("{\"id\":1,\"connect\":{\"token\":\"" + token + "\"}}");
            JsonNode reply = JSON.readTree(client.nextText());
            assertThat(reply.path("connect").path("subs").has("closed:news")).isTrue();
            node.api().call("publish", "{\"channel\":\"closed:news\",\"data\":{\"headline\":1}}");
            assertThat(client.nextText()).isEqualTo("{\"push\":{\"channel\":\"closed:news\",\"pub\":{\"data\":{\"headline\":1}}}}");
        }
        String unknown = Jwt.hs256(TestNode.SECRET, "{\"sub\":\"sam\",\"channels\":[\"nowhere:x\"]}");
        try (RawClient client = RawClient.json(node.wsUrl())) {
            client.sendText("{\"id\":1,\"connect\":{\"token\":\"" + unknown + "\"}}");
            assertThat(JSON.readTree(client.nextText()).path("error").path("code").asInt()).isEqualTo(102);
        }
    }

    @Test
    void healthAndMetricsAreServed() throws Exception {
        try (RawClient ignored = connect(Jwt.forUser("metered", 60))) {
            assertThat(node.api().get("/health").statusCode()).isEqualTo(200);
            String metrics = node.api().get("/metrics").body();
            assertThat(metrics).contains("sluice_client_connections").contains("sluice_client_commands_total");
        }
    }
}
