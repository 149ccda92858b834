package io.sluice.node.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.node.testing.JsonClient;
import io.sluice.node.testing.Jwt;
import io.sluice.node.testing.TestBackend;
import io.sluice.node.testing.TestNode;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two bidirectional streams of one client: one backend stops reading, the other keeps pausing and
 * resuming. The node must not let the second stream's readiness open the way for the first one's
 * messages: it holds one message for the stuck stream and stops reading the client, so what it
 * accepts for that stream stays bounded however much the client sends.
 */
class PerStreamBackpressureTest {

    private static final String PAYLOAD = "\"" + "x".repeat(16_000) + "\"";
    private static final int SENT_PER_STREAM = 300;

    @Test
    void aStuckStreamIsNotFedWhenAnotherStreamBecomesReady() throws Exception {
        ScheduledExecutorService toggler = Executors.newSingleThreadScheduledExecutor();
        // A 64 KiB HTTP/2 window, so that what gRPC itself may take before pushing back is a few messages.
        try (TestBackend backend = TestBackend.start(0, builder -> builder.flowControlWindow(64 * 1024));
             TestNode node = TestNode.start("\"proxy_stream_subscribe_endpoint\": \"" + backend.endpoint() + "\","
                     + " \"namespaces\": [{\"name\": \"bidi\", \"proxy_stream_subscribe\": true,"
                     + " \"proxy_stream_subscribe_bidirectional\": true, \"allow_publish_for_subscriber\": true}]");
             JsonClient client = JsonClient.open(node.wsUrl())) {
            backend.onCall(call -> {
                call.accept("{}");
                if (call.subscribeRequest().getChannel().equals("bidi:stuck")) {
                    call.stopReading();
                } else {
                    AtomicInteger tick = new AtomicInteger();
                    toggler.scheduleAtFixedRate(() -> {
                        if (tick.incrementAndGet() % 2 == 0) {
                            call.resumeReading();
                        } else {
                            call.stopReading();
                        }
                    }, 50, 50, TimeUnit.MILLISECONDS);
                }
            });
            client.connect(Jwt.forUser("ann", 60));
            assertThat(client.subscribe("bidi:stuck", null).has("error")).isFalse();
            assertThat(client.subscribe("bidi:moving", null).has("error")).isFalse();

            Map<Integer, String> channelOf = new ConcurrentHashMap<>();
            Thread sender = new Thread(() -> {
                try {
                    for (int i = 0; i < SENT_PER_STREAM; i++) {
                        for (String channel : new String[] {"bidi:stuck", "bidi:moving"}) {
                            int id = client.send("\"publish\":{\"channel\":\"" + channel + "\",\"data\":" + PAYLOAD + "}");
                            channelOf.put(id, channel);
                        }
                    }
                } catch (RuntimeException closed) {
                    // the test ended while the node was not reading: what it is for
                }
            });
            sender.setDaemon(true);
            sender.start();

            int acceptedForStuck = 0;
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
            while (System.nanoTime() < until) {
                JsonNode reply = nextWithin(client, until);
                if (reply == null) {
                    break;
                }
                if ("bidi:stuck".equals(channelOf.get(reply.path("id").asInt()))) {
                    acceptedForStuck++;
                }
            }
            // The window and gRPC's send buffer take a few 16 KB messages, the node holds one more; without the
            // per-stream rule every readiness of the other stream let more through, up to all 300.
            assertThat(acceptedForStuck).as("publishes the node accepted into the stream whose backend stopped reading")
                    .isLessThan(20);
        } finally {
            toggler.shutdownNow();
        }
    }

    private static JsonNode nextWithin(JsonClient client, long untilNanos) throws Exception {
        var reply = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return client.next();
            } catch (Exception e) {
                return null;
            }
        });
        try {
            return reply.get(Math.max(1, untilNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return null;
        }
    }
}
