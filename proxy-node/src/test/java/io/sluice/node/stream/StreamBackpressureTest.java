package io.sluice.node.stream;

import io.sluice.node.testing.Jwt;
import io.sluice.node.testing.JsonClient;
import io.sluice.node.testing.StalledClient;
import io.sluice.node.testing.TestBackend;
import io.sluice.node.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * End-to-end backpressure: a backend producing as fast as gRPC lets it, into a client that stops
 * reading. The node stops pulling the stream, so the backend is throttled and what it managed to
 * send stays bounded; the client is then disconnected 3008 and the stream cancelled, while another
 * client on the node keeps streaming.
 */
class StreamBackpressureTest {

    private static final String KILOBYTE = "\"" + "x".repeat(1022) + "\"";
    /** Socket buffers, the write-buffer watermark, the prefetch and the HTTP/2 window: a few MB at most. */
    private static final long BOUND_BYTES = 32L * 1024 * 1024;

    private static TestBackend backend;
    private static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        backend = TestBackend.start();
        node = TestNode.start("\"proxy_stream_subscribe_endpoint\": \"" + backend.endpoint() + "\","
                + " \"websocket_write_timeout\": \"3s\","
                + " \"namespaces\": [{\"name\": \"firehose\", \"proxy_stream_subscribe\": true}]");
    }

    @AfterAll
    static void stop() {
        node.close();
        backend.close();
    }

    /** Sends while gRPC says the stream is ready; records when, having sent, it was held back. */
    private static final class Producer {
        final AtomicLong sentBytes = new AtomicLong();
        final AtomicBoolean throttled = new AtomicBoolean();

        void run(TestBackend.Call call) {
            call.accept("{}");
            call.onReady(() -> produce(call));
            produce(call);
        }

        private synchronized void produce(TestBackend.Call call) {
            while (!call.cancelled.isDone() && call.isReady()) {
                call.push(KILOBYTE);
                sentBytes.addAndGet(KILOBYTE.length());
            }
            if (!call.cancelled.isDone() && sentBytes.get() > 0) {
                throttled.set(true);
            }
        }
    }

    @Test
    void aClientThatStopsReadingThrottlesItsOwnStreamAndIsDisconnectedSlow() throws Exception {
        Producer stalledProducer = new Producer();
        backend.onCall(stalledProducer::run);
        try (StalledClient stalled = new StalledClient(node.port(), "stalled", "firehose:a")) {
            TestBackend.Call stalledCall = backend.nextCall();

            // The backend is held back: for a while it manages to send nothing more, yet the stream is alive.
            AtomicLong lastSample = new AtomicLong(-1);
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300)).until(() ->
                    stalledProducer.throttled.get() && !stalledCall.cancelled.isDone()
                            && lastSample.getAndSet(stalledProducer.sentBytes.get()) == stalledProducer.sentBytes.get());
            assertThat(stalledProducer.sentBytes.get()).as("what the backend could push into the node").isLessThan(BOUND_BYTES);

            // Meanwhile another client streams normally.
            backend.onCall(call -> call.accept("{}"));
            try (JsonClient healthy = JsonClient.open(node.wsUrl())) {
                healthy.connect(Jwt.forUser("healthy", 60));
                healthy.subscribe("firehose:b", null);
                TestBackend.Call healthyCall = backend.nextCall();
                healthyCall.push("{\"still\":\"flowing\"}");
                assertThat(healthy.next().path("push").path("pub").path("data").path("still").asText()).isEqualTo("flowing");

                await().atMost(Duration.ofSeconds(10))
                        .until(() -> node.metric("sluice_client_disconnects_total{code=\"3008\"}") >= 1);
                assertThat(stalledCall.awaitCancelled(5)).as("the slow client's stream is cancelled").isTrue();
                assertThat(stalledProducer.sentBytes.get()).isLessThan(BOUND_BYTES);

                healthyCall.push("{\"after\":true}");
                assertThat(healthy.next().path("push").path("pub").path("data").path("after").asBoolean()).isTrue();
                assertThat(healthyCall.cancelled).isNotDone();
            }
        }
    }
}
