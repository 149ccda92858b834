package io.sluice.node.client;

import io.sluice.node.testing.Jwt;
import io.sluice.node.testing.RawClient;
import io.sluice.node.testing.SocketClient;
import io.sluice.node.testing.TestBackend;
import io.sluice.node.testing.TestNode;
import io.sluice.proto.proxy.Disconnect;
import io.sluice.proto.proxy.StreamSubscribeResponse;
import io.sluice.proto.proxy.SubscribeResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every way into a client disconnect ends in a close frame the WebSocket can carry: the server API
 * refuses a reason too long for one (107), a backend's code outside 3000-4999 becomes 3004, and the
 * node then closes the socket.
 */
class DisconnectAdviceTest {

    private static TestBackend backend;
    private static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        backend = TestBackend.start();
        node = TestNode.start("\"proxy_stream_subscribe_endpoint\": \"" + backend.endpoint() + "\","
                + " \"namespaces\": [{\"name\": \"streams\", \"proxy_stream_subscribe\": true}]");
    }

    @AfterAll
    static void stop() {
        node.close();
        backend.close();
    }

    private static RawClient connected(String user) throws Exception {
        RawClient client = RawClient.json(node.wsUrl());
        client.sendText("{\"id\":1,\"connect\":{\"token\":\"" + Jwt.forUser(user, 60) + "\"}}");
        assertThat(client.nextText()).contains("\"connect\"");
        return client;
    }

    /** The node's close frame, skipping the replies before it. */
    private static SocketClient.Frame closeFrame(SocketClient client) throws Exception {
        SocketClient.Frame frame;
        do {
            frame = client.readFrame();
            assertThat(frame).as("a close frame before the socket ends").isNotNull();
        } while (frame.opcode() != SocketClient.Frame.CLOSE);
        return frame;
    }

    @Test
    void theApiRefusesAReasonLongerThanACloseFrameCarries() throws Exception {
        try (RawClient client = connected("long-reason")) {
            String reason = "r".repeat(200);
            var reply = node.api().call("disconnect",
                    "{\"user\":\"long-reason\",\"disconnect\":{\"code\":4000,\"reason\":\"" + reason + "\"}}");
            assertThat(reply.path("error").path("code").asInt()).isEqualTo(107);
            assertThat(client.isClosed()).isFalse();

            String fits = "é".repeat(61); // 122 bytes
            reply = node.api().call("disconnect",
                    "{\"user\":\"long-reason\",\"disconnect\":{\"code\":4000,\"reason\":\"" + fits + "\"}}");
            assertThat(reply.has("error")).isFalse();
            RawClient.Close close = client.awaitClose(5);
            assertThat(close.code()).isEqualTo(4000);
            assertThat(close.reason()).isEqualTo(fits);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1005, 2000})
    void aBackendDisconnectWithAnInvalidCodeReachesTheClientAs3004AndClosesTheSocket(int code) throws Exception {
        backend.onCall(call -> call.send(StreamSubscribeResponse.newBuilder().setSubscribeResponse(
                SubscribeResponse.newBuilder().setDisconnect(Disconnect.newBuilder().setCode(code).setReason("bye")))
                .build()));
        try (SocketClient client = SocketClient.stalled(node.port(), "bad-code-" + code, "streams:x")) {
            assertThat(closeFrame(client).closeCode()).isEqualTo(3004);
            assertThat(client.readFrame()).as("the node closes the socket").isNull();
        }
    }

    @Test
    void aBackendReasonTooLongForACloseFrameIsCutAtACharacterBoundary() throws Exception {
        String reason = "ü".repeat(100);
        backend.onCall(call -> call.send(StreamSubscribeResponse.newBuilder().setSubscribeResponse(
                SubscribeResponse.newBuilder().setDisconnect(Disconnect.newBuilder().setCode(4501).setReason(reason)))
                .build()));
        try (SocketClient client = SocketClient.stalled(node.port(), "long-backend-reason", "streams:y")) {
            SocketClient.Frame frame = closeFrame(client);
            assertThat(frame.closeCode()).isEqualTo(4501);
            byte[] payload = frame.payload();
            assertThat(new String(Arrays.copyOfRange(payload, 2, payload.length), StandardCharsets.UTF_8))
                    .isEqualTo("ü".repeat(61));
        }
    }
}
