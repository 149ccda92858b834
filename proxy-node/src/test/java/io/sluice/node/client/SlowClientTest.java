package io.sluice.node.client;

import io.sluice.node.testing.Jwt;
import io.sluice.node.testing.RawClient;
import io.sluice.node.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
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
        node = TestNode.start("\"client_queue_max_size\": 262144,"
                + " \"namespaces\": [{\"name\": \"feed\", \"allow_subscribe_for_client\": true}]");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void clientThatStopsReadingIsDisconnectedAsSlow() throws Exception {
        try (Socket stalled = new Socket(); RawClient healthy = RawClient.json(node.wsUrl())) {
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new InetSocketAddress("127.0.0.1", node.port()));
            handshakeAndSubscribe(stalled, "slowpoke");

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
        for (String line : node.api().get("/metrics").body().split("\n")) {
            if (line.startsWith("sluice_client_disconnects_total{code=\"3008\"}")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    /** A hand-written WebSocket handshake and two masked text frames; after that we never read. */
    private static void handshakeAndSubscribe(Socket socket, String user) throws Exception {
        OutputStream out = socket.getOutputStream();
        out.write(("GET /connection/websocket HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            head.append((char) in.read());
        }
        assertThat(head).startsWith("HTTP/1.1 101");
        out.write(maskedText("{\"id\":1,\"connect\":{\"token\":\"" + Jwt.forUser(user, 60) + "\"}}"));
        out.write(maskedText("{\"id\":2,\"subscribe\":{\"channel\":\"feed:firehose\"}}"));
        out.flush();
    }

    private static byte[] maskedText(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        int headerLength = payload.length < 126 ? 2 : 4;
        byte[] frame = new byte[headerLength + 4 + payload.length];
        frame[0] = (byte) 0x81;
        if (payload.length < 126) {
            frame[1] = (byte) (0x80 | payload.length);
        } else {
            frame[1] = (byte) (0x80 | 126);
            frame[2] = (byte) (payload.length >> 8);
            frame[3] = (byte) payload.length;
        }
        byte[] mask = {1, 2, 3, 4};
        System.arraycopy(mask, 0, frame, headerLength, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[headerLength + 4 + i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        return frame;
    }
}
