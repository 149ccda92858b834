package io.sluice.node.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.node.testing.Jwt;
import io.sluice.node.testing.RedisProcess;
import io.sluice.node.testing.TestNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A measurement, not a test: cross-node publish → delivery latency through a real redis-server.
 * Node A and node B (both in this JVM, engine redis) share one Redis; a subscriber is connected to
 * B; a publisher publishes into the channel on A at a fixed rate, each publication carrying its
 * send time ({@code System.nanoTime}, same JVM), and the subscriber records the delay at receipt.
 * Two publishers are measured one after the other: a WebSocket client ({@code publish} commands) at
 * {@code latency.rate}, and the server HTTP API ({@code POST /api/publish}, 64 concurrent requests at
 * most) at {@code latency.apiRate} (the JDK HTTP client in the same JVM is the limit there).
 *
 * <p>Run it in a JVM of its own on the test classpath (see docs/cluster.md, "Measured cross-node latency"),
 * with {@code -Dlatency.rate=5000 -Dlatency.seconds=10 -Dlatency.apiRate=1000}: publications per
 * second, seconds measured after a 2 s warm-up, and the server-API rate.
 */
public final class CrossNodeLatency {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CrossNodeLatency() {
    }

    public static void main(String[] args) throws Exception {
        int rate = Integer.getInteger("latency.rate", 5000);
        int seconds = Integer.getInteger("latency.seconds", 10);
        String config = "\"engine\": \"redis\", \"redis_address\": \"%s\","
                + " \"namespaces\": [{\"name\": \"bench\", \"allow_subscribe_for_client\": true,"
                + " \"allow_publish_for_client\": true}]";
        try (RedisProcess redis = RedisProcess.start();
             TestNode a = TestNode.start(config.formatted(redis.url()));
             TestNode b = TestNode.start(config.formatted(redis.url()))) {
            System.out.printf("redis-server %s, nodes A:%d B:%d, %d msg/s for %d s after 2 s warm-up, %d cores%n",
                    redis.url(), a.port(), b.port(), rate, seconds, Runtime.getRuntime().availableProcessors());
            run("websocket publish on A", rate, seconds, b, new WebSocketPublisher(a));
            int apiRate = Integer.getInteger("latency.apiRate", 1000);
            run("server API publish on A", apiRate, seconds, b, new ApiPublisher(a));
        }
        System.exit(0);
    }

    private interface Publisher {
        /** Publishes the publications numbered {@code from} (inclusive) to {@code to}, each stamped when sent. */
        void publish(String channel, int from, int to) throws Exception;

        /** Error replies the node gave the publisher, e.g. {@code {"code":100}}. */
        java.util.List<String> errors();
    }

    private static String data(int i) {
        return "{\"i\":" + i + ",\"t\":" + System.nanoTime() + "}";
    }

    private static void run(String label, int rate, int seconds, TestNode subscriberNode, Publisher publisher)
            throws Exception {
        String channel = "bench:latency-" + System.nanoTime();
        int warmup = 2 * rate;
        int total = warmup + seconds * rate;
        long[] delays = new long[total];
        AtomicInteger received = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        CountDownLatch subscribed = new CountDownLatch(1);
        WebSocket subscriber = connect(subscriberNode.wsUrl(), line -> {
            JsonNode data = line.path("push").path("pub").path("data");
            if (data.has("i")) {
                int i = data.path("i").asInt();
                delays[i] = System.nanoTime() - data.path("t").asLong();
                if (received.incrementAndGet() == total) {
                    done.countDown();
                }
            } else if (line.path("id").asInt() == 2) {
                subscribed.countDown(); // the reply waits until B receives the channel from Redis
            }
        });
        send(subscriber, "{\"id\":1,\"connect\":{\"token\":\"" + Jwt.forUser("sub", 3600) + "\"}}\n"
                + "{\"id\":2,\"subscribe\":{\"channel\":\"" + channel + "\"}}");
        if (!subscribed.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no subscribe reply from node B");
        }

        // Every half millisecond, publish what fell due since the last tick.
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime();
        int next = 0;
        while (next < total) {
            long now = System.nanoTime();
            int due = (int) Math.min(total, (now - start) / interval + 1);
            if (due > next) {
                publisher.publish(channel, next, due);
                next = due;
            }
            LockSupport.parkNanos(500_000);
        }
        long sendSeconds = System.nanoTime() - start;
        done.await(10, TimeUnit.SECONDS);
        subscriber.abort();

        long[] measured = Arrays.stream(delays, warmup, total).filter(d -> d > 0).sorted().toArray();
        int[] missing = java.util.stream.IntStream.range(0, total).filter(i -> delays[i] == 0).limit(10).toArray();
        if (missing.length > 0) {
            System.out.println("  not received: " + Arrays.toString(missing) + "; publisher errors: " + publisher.errors());
        }
        System.out.printf("%-26s sent %d in %.1f s (%.0f/s), received %d, lost %d | latency ms: p50 %.2f  p90 %.2f"
                        + "  p99 %.2f  p99.9 %.2f  max %.2f%n",
                label, total, sendSeconds / 1e9, total / (sendSeconds / 1e9), received.get(), total - received.get(),
                ms(measured, 0.50), ms(measured, 0.90), ms(measured, 0.99), ms(measured, 0.999),
                measured.length == 0 ? 0 : measured[measured.length - 1] / 1e6);
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] / 1e6;
    }

    /**
     * Client publishes over one WebSocket, not waiting for replies (the node answers each in order);
     * the publications due together go as one frame of newline-separated commands, as the SDKs batch.
     */
    private static final class WebSocketPublisher implements Publisher {
        private final WebSocket socket;
        private final java.util.List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        private int id = 2;

        WebSocketPublisher(TestNode node) throws Exception {
            socket = connect(node.wsUrl(), line -> {
                if (line.has("error")) {
                    errors.add(line.toString());
                }
            });
            send(socket, "{\"id\":1,\"connect\":{\"token\":\"" + Jwt.forUser("pub", 3600) + "\"}}");
        }

        @Override
        public void publish(String channel, int from, int to) {
            StringBuilder frame = new StringBuilder();
            for (int i = from; i < to; i++) {
                if (frame.length() > 0) {
                    frame.append('\n');
                }
                frame.append("{\"id\":").append(id++).append(",\"publish\":{\"channel\":\"").append(channel)
                        .append("\",\"data\":").append(data(i)).append("}}");
                if ((i - from) % 100 == 99) { // stay far below the node's 64 KiB message limit after a stall
                    send(socket, frame.toString());
                    frame.setLength(0);
                }
            }
            if (frame.length() > 0) {
                send(socket, frame.toString());
            }
        }

        @Override
        public java.util.List<String> errors() {
            return errors;
        }
    }

    /** Server API publishes, at most 64 in flight over the JDK HTTP client's keep-alive connections. */
    private static final class ApiPublisher implements Publisher {
        private final HttpClient http = HttpClient.newHttpClient();
        private final Semaphore inFlight = new Semaphore(64);
        private final java.util.List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final URI uri;

        ApiPublisher(TestNode node) {
            uri = URI.create("http://127.0.0.1:" + node.port() + "/api/publish");
        }

        @Override
        public void publish(String channel, int from, int to) throws InterruptedException {
            for (int i = from; i < to; i++) {
                inFlight.acquire();
                HttpRequest request = HttpRequest.newBuilder(uri).header("X-API-Key", TestNode.API_KEY)
                        .version(HttpClient.Version.HTTP_1_1)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"channel\":\"" + channel + "\",\"data\":" + data(i) + "}"))
                        .build();
                http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                    inFlight.release();
                    if (e != null || !r.body().startsWith("{\"result\"")) {
                        errors.add(e != null ? e.toString() : r.body());
                    }
                });
            }
        }

        @Override
        public java.util.List<String> errors() {
            return errors;
        }
    }

    /** One send at a time per socket, as the JDK WebSocket requires (the listener answers pings too). */
    private static void send(WebSocket socket, String text) {
        synchronized (socket) {
            socket.sendText(text, true).join();
        }
    }

    private interface LineHandler {
        void line(JsonNode reply);
    }

    private static WebSocket connect(String url, LineHandler handler) {
        return HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create(url), new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            for (String line : text.toString().split("\n")) {
                                if (line.equals("{}")) {
                                    send(ws, "{}"); // pong to the node's ping
                                } else if (!line.isBlank()) {
                                    try {
                                        handler.line(JSON.readTree(line));
                                    } catch (Exception e) {
                                        throw new IllegalStateException(e);
                                    }
                                }
                            }
                            text.setLength(0);
                        }
                        ws.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
                        System.out.printf("  (a client of %s was closed: %d %s)%n", url, code, reason);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
                        ws.request(1);
                        return null;
                    }
                }).join();
    }
}
