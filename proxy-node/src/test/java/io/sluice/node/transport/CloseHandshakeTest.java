package io.sluice.node.transport;

import io.sluice.node.testing.Jwt;
import io.sluice.node.testing.SocketClient;
import io.sluice.node.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The WebSocket closing handshake, frame by frame: exactly one close frame each way (RFC 6455 §5.5.1). */
class CloseHandshakeTest {

    private static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start("");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void theClientsAnswerToOurCloseEndsTheConnectionWithoutASecondClose() throws Exception {
        try (SocketClient client = new SocketClient(node.port(), 65536)) {
            client.sendText("{\"id\":1,\"presence\":{\"channel\":\"x\"}}");
            SocketClient.Frame close = client.readFrame();
            assertThat(close.opcode()).isEqualTo(SocketClient.Frame.CLOSE);
            assertThat(close.closeCode()).isEqualTo(3501);
            client.sendClose(3501);
            assertThat(client.readFrame()).as("the connection ends; no close frame echoes the echo").isNull();
        }
    }

    @Test
    void aCloseFromTheClientIsEchoedOnce() throws Exception {
        try (SocketClient client = new SocketClient(node.port(), 65536)) {
            client.sendText("{\"id\":1,\"connect\":{\"token\":\"" + Jwt.forUser("ann", 60) + "\"}}");
            assertThat(client.readFrame().opcode()).isEqualTo(SocketClient.Frame.TEXT);
            client.sendClose(1000);
            SocketClient.Frame echo = client.readFrame();
            assertThat(echo.opcode()).isEqualTo(SocketClient.Frame.CLOSE);
            assertThat(echo.closeCode()).isEqualTo(1000);
            assertThat(client.readFrame()).isNull();
        }
    }
}
