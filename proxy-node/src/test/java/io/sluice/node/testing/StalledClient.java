package io.sluice.node.testing;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that connects, subscribes and then never reads: a hand-written WebSocket handshake on a
 * socket with a tiny receive buffer, so TCP backpressure reaches the node almost at once.
 */
public final class StalledClient implements AutoCloseable {

    private final Socket socket = new Socket();

    public StalledClient(int port, String user, String channel) throws Exception {
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", port));
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
        out.write(maskedText("{\"id\":2,\"subscribe\":{\"channel\":\"" + channel + "\"}}"));
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

    @Override
    public void close() throws Exception {
        socket.close();
    }
}
