package io.sluice.node.sdk;

import io.grpc.Status;
import io.sluice.node.testing.Jwt;
import io.sluice.node.testing.TestBackend;
import io.sluice.node.testing.TestNode;
import io.sluice.proto.proxy.StreamSubscribeResponse;
import io.sluice.proto.proxy.SubscribeResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The end of a stream never overtakes its publications, through the SDK versions the README and docs/transports.md name:
 * streams that end cleanly (2000) and fail with UNAVAILABLE (2500) 0–20 ms after their last
 * publications, which the backend sends right behind its subscribe answer, so publications, reply
 * and end often share a read. Every publication must reach the SDK's handler in order before the
 * end. Many channels run at once on one node, one backend and one client per SDK.
 */
class EndOfStreamOrderTest {

    private static final int RUNS_PER_END = 200;
    /** Channels in flight at once: below client_channel_limit (128) with room to spare. */
    private static final int WAVE = 50;
    private static final int MAX_PUBLICATIONS = 6;
    private static final int MAX_END_DELAY_MS = 20;
    /** A resubscribe after 2500 is refused for good, so each run ends in the unsubscribed state. */
    private static final int REFUSED = 1403;

    private static TestBackend backend;
    private static TestNode node;
    private static final ScheduledExecutorService ends = Executors.newSingleThreadScheduledExecutor();
    /** What the backend does on each channel's first stream. */
    private static final Map<String, Plan> plans = new ConcurrentHashMap<>();

    private record Plan(int publications, int endDelayMs, boolean clean) {
    }

    @BeforeAll
    static void start() throws Exception {
        backend = TestBackend.start();
        node = TestNode.start("\"proxy_stream_subscribe_endpoint\": \"" + backend.endpoint() + "\","
                + " \"namespaces\": [{\"name\": \"eos\", \"proxy_stream_subscribe\": true}]");
        backend.onCall(call -> {
            Plan plan = plans.remove(call.subscribeRequest().getChannel());
            if (plan == null) {
                call.send(StreamSubscribeResponse.newBuilder().setSubscribeResponse(SubscribeResponse.newBuilder()
                        .setError(io.sluice.proto.proxy.Error.newBuilder().setCode(REFUSED).setMessage("done"))).build());
                return;
            }
            call.accept("{}");
            for (int n = 1; n <= plan.publications(); n++) {
                call.push("{\"n\":" + n + "}");
            }
            ends.schedule(() -> {
                if (plan.clean()) {
                    call.complete();
                } else {
                    call.fail(Status.UNAVAILABLE.withDescription("backend going away"));
                }
            }, plan.endDelayMs(), TimeUnit.MILLISECONDS);
        });
    }

    @AfterAll
    static void stop() {
        ends.shutdownNow();
        node.close();
        backend.close();
    }

    private static SdkDriver driver(String sdk) {
        return switch (sdk) {
            case "centrifuge-js json" -> JsDriver.start("json");
            case "centrifuge-js protobuf" -> JsDriver.start("protobuf");
            case "centrifuge-java" -> new JavaDriver();
            default -> throw new IllegalArgumentException(sdk);
        };
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"centrifuge-js json", "centrifuge-js protobuf", "centrifuge-java"})
    void everyPublicationArrivesInOrderBeforeTheEnd(String sdk) throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        List<String> channels = new ArrayList<>();
        for (int i = 0; i < 2 * RUNS_PER_END; i++) {
            String channel = "eos:" + sdk.replace(' ', '-') + "-" + i;
            plans.put(channel, new Plan(1 + random.nextInt(MAX_PUBLICATIONS), random.nextInt(MAX_END_DELAY_MS + 1),
                    i % 2 == 0));
            channels.add(channel);
        }
        Map<String, Plan> planned = Map.copyOf(plans);
        try (SdkDriver driver = driver(sdk)) {
            SdkDriver.Client client = driver.client(new SdkDriver.ClientOptions(node.wsUrl(), Jwt.forUser("eos", 600),
                    null, Map.of()));
            client.connect();
            client.events().next("connected", 10);
            for (int from = 0; from < channels.size(); from += WAVE) {
                List<String> wave = channels.subList(from, Math.min(channels.size(), from + WAVE));
                wave.forEach(channel -> client.subscribe(channel, null));
                for (String channel : wave) {
                    assertRun(client.events(), channel, planned.get(channel), seed);
                }
            }
        }
    }

    private static void assertRun(Events events, String channel, Plan plan, long seed) throws InterruptedException {
        String run = channel + " " + plan + " (seed " + seed + ")";
        SdkEvent unsubscribed = events.next(SdkEvent.key("unsubscribed", channel), 10);
        List<String> expected = new ArrayList<>(List.of("subscribing", "subscribed"));
        expected.addAll(Collections.nCopies(plan.publications(), "publication"));
        expected.add(plan.clean() ? "unsubscribed" : "subscribing");
        List<String> seen = events.order().stream().filter(key -> key.endsWith(" " + channel))
                .map(key -> key.substring(0, key.indexOf(' '))).toList();
        assertThat(seen.subList(0, Math.min(seen.size(), expected.size()))).as(run).isEqualTo(expected);
        for (int n = 1; n <= plan.publications(); n++) {
            SdkEvent publication = events.next(SdkEvent.key("publication", channel), 1);
            assertThat(publication.data()).as(run).isEqualTo("{\"n\":" + n + "}");
        }
        if (plan.clean()) {
            assertThat(unsubscribed.code()).as(run).isEqualTo(2000);
        } else {
            events.next(SdkEvent.key("subscribing", channel), 1); // subscribe called
            SdkEvent resubscribing = events.next(SdkEvent.key("subscribing", channel), 1);
            assertThat(resubscribing.code()).as(run).isEqualTo(2500);
            assertThat(unsubscribed.code()).as(run + ": the resubscribe was refused").isEqualTo(REFUSED);
        }
    }
}
