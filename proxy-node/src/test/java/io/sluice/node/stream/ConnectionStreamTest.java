package io.sluice.node.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.Status;
import io.sluice.node.testing.Jwt;
import io.sluice.node.testing.JsonClient;
import io.sluice.node.testing.TestBackend;
import io.sluice.node.testing.TestNode;
import io.sluice.proto.proxystream.ConnectResponse;
import io.sluice.proto.proxystream.ConnectResult;
import io.sluice.proto.proxystream.Disconnect;
import io.sluice.proto.proxystream.Error;
import io.sluice.proto.proxystream.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Connection streams (seed contract): a tokenless connect is authenticated and fed by a gRPC stream. */
class ConnectionStreamTest {

    private TestBackend backend;
    private TestNode node;

    private void start(boolean bidirectional) throws Exception {
        backend = TestBackend.start();
        node = TestNode.start("\"proxy_stream_connect_endpoint\": \"" + backend.endpoint() + "\","
                + " \"proxy_stream_connect_timeout\": \"1s\","
                + " \"proxy_stream_connect_bidirectional\": " + bidirectional + ","
                + " \"proxy_stream_connect_http_headers\": [\"x-session\"]");
    }

    @AfterEach
    void stop() {
        node.close();
        backend.close();
    }

    private static Response accepting(String user, String dataJson) {
        return Response.newBuilder().setConnectResponse(ConnectResponse.newBuilder().setResult(ConnectResult.newBuilder()
                .setUser(user).setData(TestBackend.utf8(dataJson)))).build();
    }

    @Test
    void aTokenlessConnectOpensAUnidirectionalStreamThatAuthenticatesAndPushesMessages() throws Exception {
        start(false);
        backend.onCall(call -> call.send(accepting("alice", "{\"hello\":\"alice\"}")));
        try (JsonClient client = JsonClient.open(node.wsUrl(), Map.of("X-Session", "s-42"))) {
            JsonNode reply = client.call("\"connect\":{\"data\":{\"name\":\"alice\"},\"name\":\"web\",\"version\":\"1.2\"}");
            JsonNode connect = reply.path("connect");
            assertThat(connect.path("data").toString()).isEqualTo("{\"hello\":\"alice\"}");

            TestBackend.Call call = backend.nextCall();
            assertThat(call.service).isEqualTo("CentrifugoProxyStream");
            assertThat(call.method).isEqualTo("ConnectUnidirectional");
            var request = call.connectRequest();
            assertThat(request.getClient()).isEqualTo(connect.path("client").asText());
            assertThat(request.getTransport()).isEqualTo("websocket");
            assertThat(request.getProtocol()).isEqualTo("json");
            assertThat(request.getData().toString(StandardCharsets.UTF_8)).isEqualTo("{\"name\":\"alice\"}");
            assertThat(request.getName()).isEqualTo("web");
            assertThat(request.getVersion()).isEqualTo("1.2");
            assertThat(call.header("x-session")).isEqualTo("s-42");

            call.push("{\"greeting\":1}");
            call.push("{\"greeting\":2}");
            assertThat(client.next().path("push").path("message").path("data").path("greeting").asInt()).isEqualTo(1);
            assertThat(client.next().path("push").path("message").path("data").path("greeting").asInt()).isEqualTo(2);

            JsonNode presence = node.api().call("info", "{}");
            assertThat(presence.toString()).contains("\"num_users\":1");
            client.close();
            assertThat(call.awaitCancelled(2)).as("the backend sees the client leave").isTrue();
        }
    }

    @Test
    void aBidirectionalStreamCarriesTheClientsSend() throws Exception {
        start(true);
        try (JsonClient client = JsonClient.open(node.wsUrl())) {
            client.connect(null);
            TestBackend.Call call = backend.nextCall();
            assertThat(call.method).isEqualTo("ConnectBidirectional");
            client.socket().sendText("{\"send\":{\"data\":{\"ping\":1}}}");
            assertThat(call.fromClient.poll(5, TimeUnit.SECONDS).toString(StandardCharsets.UTF_8)).isEqualTo("{\"ping\":1}");
            call.push("{\"pong\":1}");
            assertThat(client.next().path("push").path("message").path("data").path("pong").asInt()).isEqualTo(1);
        }
    }

    @Test
    void aConnectionWithATokenUsesTokenAuthAndOpensNoStream() throws Exception {
        start(false);
        try (JsonClient client = JsonClient.open(node.wsUrl())) {
            client.connect(Jwt.forUser("tokened", 60));
            assertThat(client.call("\"ping\":{}").has("ping")).isTrue();
            assertThat(backend.openCalls()).isZero();
        }
    }

    @Test
    void aCleanEndDisconnects3503AndAFailureDisconnects3010() throws Exception {
        start(false);
        try (JsonClient clean = JsonClient.open(node.wsUrl()); JsonClient failing = JsonClient.open(node.wsUrl())) {
            clean.connect(null);
            backend.nextCall().complete();
            assertThat(clean.socket().awaitClose(5).code()).isEqualTo(3503);

            failing.connect(null);
            backend.nextCall().fail(Status.UNAVAILABLE);
            var close = failing.socket().awaitClose(5);
            assertThat(close.code()).isEqualTo(3010);
            assertThat(close.reason()).isEqualTo("insufficient state");
        }
    }

    @Test
    void theFirstMessageDecidesTheConnect() throws Exception {
        start(false);
        backend.onCall(call -> call.send(Response.newBuilder().setConnectResponse(ConnectResponse.newBuilder()
                .setError(Error.newBuilder().setCode(1401).setMessage("who are you"))).build()));
        try (JsonClient client = JsonClient.open(node.wsUrl())) {
            JsonNode error = client.connect(null).path("error");
            assertThat(error.path("code").asInt()).isEqualTo(1401);
            assertThat(error.path("message").asText()).isEqualTo("who are you");
            assertThat(backend.nextCall().awaitCancelled(2)).isTrue();
        }
        backend.onCall(call -> call.send(Response.newBuilder().setConnectResponse(ConnectResponse.newBuilder()
                .setDisconnect(Disconnect.newBuilder().setCode(4403).setReason("go away"))).build()));
        try (JsonClient client = JsonClient.open(node.wsUrl())) {
            client.send("\"connect\":{}");
            assertThat(client.socket().awaitClose(5).code()).isEqualTo(4403);
        }
        backend.onCall(call -> { });
        try (JsonClient client = JsonClient.open(node.wsUrl())) {
            JsonNode error = client.connect(null).path("error");
            assertThat(error.path("code").asInt()).as("no first message within the timeout").isEqualTo(100);
            assertThat(error.path("temporary").asBoolean()).isTrue();
        }
    }
}
