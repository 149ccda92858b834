package io.sluice.node.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * One raw TCP connection to a node that writes exactly the bytes a test wants (a partial head, a
 * head without its announced body, nothing at all) and reads what comes back: the response head,
 * or the connection ending.
 */
public final class HttpProbe implements AutoCloseable {

    private final Socket socket = new Socket();
    private final InputStream in;
    private final OutputStream out;

    public HttpProbe(int port) throws IOException {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(5000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** A WebSocket upgrade head, with {@code extraHeaders} (each ending in CRLF) before the blank line. */
    public static String upgrade(int port, String extraHeaders) {
        return "GET /connection/websocket HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n" + extraHeaders + "\r\n";
    }

    public HttpProbe send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.US_ASCII));
    }

    public HttpProbe send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** The status code of the next response head, reading at most {@code timeoutMillis}. */
    public int status(int timeoutMillis) throws IOException {
        String head = head(timeoutMillis);
        if (head == null) {
            throw new IOException("the connection ended before a response");
        }
        return Integer.parseInt(head.substring(9, 12));
    }

    /** The next response head up to its blank line, or null when the connection ends first. */
    public String head(int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** Everything the node sends until it ends the connection, read for at most {@code timeoutMillis}. */
    public String rest(int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    /** Whether the node ends the connection within {@code timeoutMillis}, discarding what it sends. */
    public boolean endsWithin(int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        try {
            byte[] buffer = new byte[4096];
            while (in.read(buffer) >= 0) {
                // discard: only the end matters
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
