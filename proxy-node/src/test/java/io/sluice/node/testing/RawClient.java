package io.sluice.node.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bare WebSocket client (the JDK's) that sends exactly the bytes a test wants, including
 * malformed ones, and records every frame and the close code the node answers with.
 */
public final class RawClient implements AutoCloseable {

    /** The node's close frame: code and reason. */
    public record Close(int code, String reason) {
    }

    private final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Close> closed = new CompletableFuture<>();
    private final WebSocket socket;
    private volatile boolean reading = true;

    private RawClient(String url, String subprotocol, java.util.Map<String, String> headers) {
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (subprotocol != null) {
            builder.subprotocols(subprotocol);
        }
        headers.forEach(builder::header);
        socket = builder.buildAsync(URI.create(url), new Listener()).join();
    }

    public static RawClient json(String url) {
        return new RawClient(url, null, java.util.Map.of());
    }

    /** A JSON client whose upgrade request carries {@code headers}. */
    public static RawClient json(String url, java.util.Map<String, String> headers) {
        return new RawClient(url, null, headers);
    }

    public static RawClient protobuf(String url) {
        return new RawClient(url, "centrifuge-protobuf", java.util.Map.of());
    }

    /** Stops reading from the socket after the frame in hand, so TCP backpressure reaches the node. */
    public void stopReading() {
        reading = false;
    }

    public void sendText(String text) {
        socket.sendText(text, true).join();
    }

    public void sendBinary(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    /** The next text frame (JSON protocol), or fails after 5 s. */
    public String nextText() throws InterruptedException {
        Object message = messages.poll(5, TimeUnit.SECONDS);
        if (!(message instanceof String text)) {
            throw new AssertionError("expected a text frame, got " + message + "; close: " + closed.getNow(null));
        }
        return text;
    }

    /** The next binary frame (Protobuf protocol), or fails after 5 s. */
    public byte[] nextBinary() throws InterruptedException {
        Object message = messages.poll(5, TimeUnit.SECONDS);
        if (!(message instanceof byte[] bytes)) {
            throw new AssertionError("expected a binary frame, got " + message + "; close: " + closed.getNow(null));
        }
        return bytes;
    }

    /** The close frame the node sent, waiting up to {@code seconds}. */
    public Close awaitClose(long seconds) throws Exception {
        return closed.get(seconds, TimeUnit.SECONDS);
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> null);
        }
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        private final java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                messages.add(text.toString());
                text.setLength(0);
            }
            if (reading) {
                ws.request(1);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            binary.writeBytes(chunk);
            if (last) {
                messages.add(binary.toByteArray());
                binary.reset();
            }
            if (reading) {
                ws.request(1);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(new Close(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.completeExceptionally(error);
        }
    }
}
