package io.sluice.demo.grpc;

import static io.sluice.demo.grpc.SubscriptionStreamsTest.json;
import static io.sluice.demo.grpc.SubscriptionStreamsTest.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.proto.proxystream.CentrifugoProxyStreamGrpc;
import io.sluice.proto.proxystream.ConnectRequest;
import io.sluice.proto.proxystream.Message;
import io.sluice.proto.proxystream.Request;
import io.sluice.proto.proxystream.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Connection streams (seed contract) over real gRPC on loopback: authentication by name, pushes, replies. */
class ConnectionStreamsTest {

    private static LoopbackBackend backend;

    @BeforeAll
    static void start() throws Exception {
        backend = new LoopbackBackend(LoopbackBackend.FAST);
    }

    @AfterAll
    static void stop() throws Exception {
        backend.close();
    }

    @Test
    void unidirectionalMakesTheNameTheUserAndPushesAWelcome() throws Exception {
        var connection = new Collector<ConnectRequest, Response>();
        CentrifugoProxyStreamGrpc.newStub(backend.channel).connectUnidirectional(connect("c-uni", "{\"name\":\" Ada \"}"),
                connection);

        Response first = connection.next();
        assertThat(first.getConnectResponse().hasError()).isFalse();
        assertThat(first.getConnectResponse().getResult().getUser()).isEqualTo("Ada");
        assertThat(json(first.getConnectResponse().getResult().getData()).toString())
                .isEqualTo("{\"greeting\":\"Hello, Ada\"}");
        JsonNode welcome = json(connection.next().getMessage().getData());
        assertThat(welcome.path("type").asText()).isEqualTo("welcome");
        assertThat(welcome.path("text").asText()).startsWith("Welcome, Ada!");

        connection.cancel();
        await().atMost(Duration.ofSeconds(5)).until(() -> backend.logLines().stream().anyMatch(
                line -> line.contains("close connect-uni client=c-uni") && line.endsWith("cancelled by the node")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{}", "{\"name\":\"   \"}", "{\"name\":42}",
            "{\"name\":\"a name that is far too long to be shown\"}"})
    void withoutAUsableNameTheConnectIsTurnedDown(String data) throws Exception {
        var connection = new Collector<ConnectRequest, Response>();
        CentrifugoProxyStreamGrpc.newStub(backend.channel).connectUnidirectional(connect("c-bad", data), connection);

        Response first = connection.next();
        assertThat(first.getConnectResponse().hasResult()).isFalse();
        assertThat(first.getConnectResponse().getError().getCode()).isEqualTo(1003);
        assertThat(first.getConnectResponse().getError().getMessage()).contains("name");
        connection.assertCompletedCleanly();
    }

    @Test
    void bidirectionalAnswersEverySend() throws Exception {
        var connection = new Collector<Request, Response>();
        CentrifugoProxyStreamGrpc.newStub(backend.channel).connectBidirectional(connection);
        connection.send(Request.newBuilder().setConnectRequest(connect("c-bidi", "{\"name\":\"Grace\"}")).build());

        Response first = connection.next();
        assertThat(first.getConnectResponse().getResult().getUser()).isEqualTo("Grace");
        connection.send(message("{\"text\":\"one\"}"));
        connection.send(message("{\"text\":\"two\"}"));

        List<JsonNode> replies = new ArrayList<>();
        JsonNode welcome = null;
        for (int i = 0; i < 3; i++) {
            JsonNode push = json(connection.next().getMessage().getData());
            if (push.path("type").asText().equals("welcome")) {
                welcome = push;
            } else {
                replies.add(push);
            }
        }
        assertThat(welcome).as("the welcome push arrives too").isNotNull();
        assertThat(replies).extracting(r -> r.path("type").asText()).containsOnly("reply");
        assertThat(replies).extracting(r -> r.path("n").asLong()).containsExactly(1L, 2L);
        assertThat(replies).extracting(r -> r.path("reply").toString())
                .containsExactly("{\"text\":\"one\"}", "{\"text\":\"two\"}");
        connection.cancel();
    }

    @Test
    void bidirectionalTurnsDownAMissingName() throws Exception {
        var connection = new Collector<Request, Response>();
        CentrifugoProxyStreamGrpc.newStub(backend.channel).connectBidirectional(connection);
        connection.send(Request.newBuilder().setConnectRequest(connect("c-bidi-bad", "")).build());

        assertThat(connection.next().getConnectResponse().getError().getCode()).isEqualTo(1003);
        connection.assertCompletedCleanly();
    }

    private static ConnectRequest connect(String client, String data) {
        return ConnectRequest.newBuilder().setClient(client).setTransport("websocket").setProtocol("json")
                .setData(utf8(data)).build();
    }

    private static Request message(String data) {
        return Request.newBuilder().setMessage(Message.newBuilder().setData(utf8(data))).build();
    }
}
