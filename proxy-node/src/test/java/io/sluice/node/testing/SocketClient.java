package io.sluice.node.testing;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A WebSocket client written by hand on a plain socket, for what library clients hide: a client that
 * never reads (a tiny receive buffer makes TCP backpressure reach the node at once), and the exact
 * frames of a closing handshake.
 */
public final class SocketClient implements AutoCloseable {

    /** One frame from the node. */
    public record Frame(int opcode, byte[] payload) {
        public static final int TEXT = 1;
        public static final int CLOSE = 8;

        public int closeCode() {
            return ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
        }
    }

    private final Socket socket = new Socket();
    private final DataInputStream in;
    private final OutputStream out;

    public SocketClient(int port, int receiveBufferBytes) throws Exception {
        socket.setReceiveBufferSize(receiveBufferBytes);
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        socket.setSoTimeout(5000);
        out = socket.getOutputStream();
        out.write(("GET /connection/websocket HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        in = new DataInputStream(socket.getInputStream());
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            head.append((char) in.read());
        }
        assertThat(head).startsWith("HTTP/1.1 101");
    }

    /** Connects with a token, subscribes to {@code channel}, and never reads again. */
    public static SocketClient stalled(int port, String user, String channel) throws Exception {
        SocketClient client = new SocketClient(port, 4096);
        client.sendText("{\"id\":1,\"connect\":{\"token\":\"" + Jwt.forUser(user, 60) + "\"}}");
        client.sendText("{\"id\":2,\"subscribe\":{\"channel\":\"" + channel + "\"}}");
        return client;
    }

    public void sendText(String text) throws Exception {
        send(0x81, text.getBytes(StandardCharsets.UTF_8));
    }

    public void sendClose(int code) throws Exception {
        send(0x88, new byte[] {(byte) (code >> 8), (byte) code});
    }

    /** Client frames are masked, as RFC 6455 requires. */
    private void send(int firstByte, byte[] payload) throws Exception {
        int headerLength = payload.length < 126 ? 2 : 4;
        byte[] frame = new byte[headerLength + 4 + payload.length];
        frame[0] = (byte) firstByte;
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
        out.write(frame);
        out.flush();
    }

    /** The next frame, or null when the node closed the connection. */
    public Frame readFrame() throws Exception {
        try {
            int first = in.readUnsignedByte();
            int length = in.readUnsignedByte() & 0x7f;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = (int) in.readLong();
            }
            byte[] payload = new byte[length];
            in.readFully(payload);
            return new Frame(first & 0x0f, payload);
        } catch (EOFException e) {
            return null;
        }
    }

    @Override
    public void close() throws Exception {
        socket.close();
    }
}
