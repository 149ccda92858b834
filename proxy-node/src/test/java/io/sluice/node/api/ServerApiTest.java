package io.sluice.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.node.testing.Jwt;
import io.sluice.node.testing.RawClient;
import io.sluice.node.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The server API over real HTTP against a node with real WebSocket clients. */
class ServerApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start("\"namespaces\": [{\"name\": \"room\", \"presence\": true,"
                + " \"allow_subscribe_for_client\": true}, {\"name\": \"ids\", \"channel_regex\": \"^[0-9]+$\"}]");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static RawClient subscribed(String user, String channel) throws Exception {
        RawClient client = RawClient.json(node.wsUrl());
        client.sendText("{\"id\":1,\"connect\":{\"token\":\"" + Jwt.forUser(user, 60) + "\"}}");
        client.nextText();
        client.sendText("{\"id\":2,\"subscribe\":{\"channel\":\"" + channel + "\"}}");
        assertThat(client.nextText()).isEqualTo("{\"id\":2,\"subscribe\":{}}");
        return client;
    }

    @Test
    void publishAndBroadcastReachSubscribers() throws Exception {
        try (RawClient a = subscribed("ann", "room:a"); RawClient b = subscribed("ben", "room:b")) {
            JsonNode published = node.api().call("publish", "{\"channel\":\"room:a\",\"data\":{\"x\":1},\"tags\":{\"t\":\"v\"}}");
            assertThat(published.path("result").isObject()).isTrue();
            assertThat(a.nextText()).isEqualTo("{\"push\":{\"channel\":\"room:a\",\"pub\":{\"data\":{\"x\":1},\"tags\":{\"t\":\"v\"}}}}");

            JsonNode broadcast = node.api().call("broadcast", "{\"channels\":[\"room:a\",\"room:b\",\"bad:c\"],\"data\":\"hi\"}");
            JsonNode responses = broadcast.path("result").path("responses");
            assertThat(responses).hasSize(3);
            assertThat(responses.get(2).path("error").path("code").asInt()).isEqualTo(102);
            assertThat(JSON.readTree(a.nextText()).path("push").path("pub").path("data").asText()).isEqualTo("hi");
            assertThat(JSON.readTree(b.nextText()).path("push").path("pub").path("data").asText()).isEqualTo("hi");
        }
    }

    @Test
    void answersErrorsInTheBody() throws Exception {
        assertThat(node.api().call("publish", "{\"channel\":\"nowhere:x\",\"data\":{}}").path("error").path("code").asInt())
                .isEqualTo(102);
        assertThat(node.api().call("publish", "{\"channel\":\"room:x\"}").path("error").path("code").asInt())
                .isEqualTo(107);
        assertThat(node.api().call("no_such_method", "{}").path("error").path("code").asInt()).isEqualTo(104);
        assertThat(node.api().call("history", "{\"channel\":\"room:x\"}").path("error").path("code").asInt())
                .isEqualTo(108);
    }

    @Test
    void channelRegexAppliesAsForClients() throws Exception {
        assertThat(node.api().call("publish", "{\"channel\":\"ids:42\",\"data\":{}}").has("result")).isTrue();
        assertThat(node.api().call("publish", "{\"channel\":\"ids:abc\",\"data\":{}}").path("error").path("code").asInt())
                .isEqualTo(102);
        assertThat(node.api().call("subscribe", "{\"user\":\"u\",\"channel\":\"ids:abc\"}").path("error").path("code")
                .asInt()).isEqualTo(102);
        JsonNode broadcast = node.api().call("broadcast", "{\"channels\":[\"ids:1\",\"ids:x\"],\"data\":1}");
        JsonNode responses = broadcast.path("result").path("responses");
        assertThat(responses.get(0).has("error")).isFalse();
        assertThat(responses.get(1).path("error").path("code").asInt()).isEqualTo(102);
    }

    @Test
    void presenceInfoAndChannelsDescribeTheNode() throws Exception {
        try (RawClient c = subscribed("cid", "room:p")) {
            JsonNode presence = node.api().call("presence", "{\"channel\":\"room:p\"}").path("result").path("presence");
            assertThat(presence).hasSize(1);
            assertThat(presence.elements().next().path("user").asText()).isEqualTo("cid");
            JsonNode stats = node.api().call("presence_stats", "{\"channel\":\"room:p\"}").path("result");
            assertThat(stats.path("num_clients").asInt()).isEqualTo(1);

            JsonNode info = node.api().call("info", "{}").path("result").path("nodes");
            assertThat(info).hasSize(1);
            assertThat(info.get(0).path("num_clients").asInt()).isGreaterThanOrEqualTo(1);

            JsonNode channels = node.api().call("channels", "{\"pattern\":\"room:p*\"}").path("result").path("channels");
            assertThat(channels.path("room:p").path("num_clients").asInt()).isEqualTo(1);
        }
    }

    @Test
    void serverSideSubscribeAndBatch() throws Exception {
        try (RawClient c = RawClient.json(node.wsUrl())) {
            c.sendText("{\"id\":1,\"connect\":{\"token\":\"" + Jwt.forUser("dora", 60) + "\"}}");
            c.nextText();
            node.api().call("subscribe", "{\"user\":\"dora\",\"channel\":\"room:srv\",\"data\":{\"welcome\":true}}");
            assertThat(c.nextText()).isEqualTo("{\"push\":{\"channel\":\"room:srv\",\"subscribe\":{\"data\":{\"welcome\":true}}}}");

            JsonNode batch = node.api().call("batch", "{\"commands\":["
                    + "{\"publish\":{\"channel\":\"room:srv\",\"data\":1}},"
                    + "{\"publish\":{\"channel\":\"room:srv\",\"data\":2}},"
                    + "{\"presence_stats\":{\"channel\":\"nope:x\"}}]}");
            JsonNode replies = batch.path("result").path("replies");
            assertThat(replies).hasSize(3);
            assertThat(replies.get(0).has("publish")).isTrue();
            assertThat(replies.get(2).path("error").path("code").asInt()).isEqualTo(102);
            assertThat(c.nextText()).contains("\"data\":1");
            assertThat(c.nextText()).contains("\"data\":2");
        }
    }
}
