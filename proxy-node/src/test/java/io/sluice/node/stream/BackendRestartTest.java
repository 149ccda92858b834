package io.sluice.node.stream;

import io.github.centrifugal.centrifuge.Client;
import io.github.centrifugal.centrifuge.EventListener;
import io.github.centrifugal.centrifuge.Options;
import io.github.centrifugal.centrifuge.PublicationEvent;
import io.github.centrifugal.centrifuge.ReplyError;
import io.github.centrifugal.centrifuge.SubscribedEvent;
import io.github.centrifugal.centrifuge.SubscribingEvent;
import io.github.centrifugal.centrifuge.Subscription;
import io.github.centrifugal.centrifuge.SubscriptionErrorEvent;
import io.github.centrifugal.centrifuge.SubscriptionEventListener;
import io.github.centrifugal.centrifuge.SubscriptionOptions;
import io.github.centrifugal.centrifuge.SubscriptionState;
import io.github.centrifugal.centrifuge.SubscriptionSubscribeError;
import io.github.centrifugal.centrifuge.UnsubscribedEvent;
import io.sluice.node.testing.BackendProcess;
import io.sluice.node.testing.Jwt;
import io.sluice.node.testing.TestNode;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The backend process dies with SIGKILL under 20 official centrifuge-java (Protobuf) subscribers and
 * comes back on the same port: the SDKs are told 2500, retry through error 100 while it is down, and
 * resubscribe by themselves once it is back, leaving exactly one stream per subscription.
 */
class BackendRestartTest {

    private static final int CLIENTS = 20;

    /** What one SDK subscription went through, in the SDK's own events. */
    private static final class Watched {
        final Queue<Integer> subscribingCodes = new ConcurrentLinkedQueue<>();
        final Queue<Integer> errorCodes = new ConcurrentLinkedQueue<>();
        final Queue<String> publications = new ConcurrentLinkedQueue<>();
        final Queue<Integer> unsubscribedCodes = new ConcurrentLinkedQueue<>();
        final AtomicInteger subscribed = new AtomicInteger();
        Client client;
        Subscription subscription;

        boolean sawPublicationOf(int generation) {
            return publications.stream().anyMatch(p -> p.startsWith("{\"gen\":" + generation + ","));
        }
    }

    @Test
    void sdkSubscriptionsSurviveABackendKilledAndRestartedOnTheSamePort() throws Exception {
        int port = freePort();
        List<Watched> watched = new ArrayList<>();
        BackendProcess first = BackendProcess.start(port, 1);
        BackendProcess second = null;
        try (TestNode node = TestNode.start("\"proxy_stream_subscribe_endpoint\": \"grpc://127.0.0.1:" + port + "\","
                + " \"namespaces\": [{\"name\": \"ticks\", \"proxy_stream_subscribe\": true}]")) {
            try {
                for (int i = 0; i < CLIENTS; i++) {
                    watched.add(subscribe(node, "user" + i, "ticks:feed" + i));
                }
                await("every SDK subscribed and ticked by the first backend").atMost(Duration.ofSeconds(10))
                        .until(() -> watched.stream().allMatch(w -> w.subscribed.get() == 1 && w.sawPublicationOf(1)));
                assertThat(first.openStreams()).isEqualTo(CLIENTS);

                first.kill();
                await("every SDK subscription went to subscribing with 2500").atMost(Duration.ofSeconds(5))
                        .until(() -> watched.stream().allMatch(w -> w.subscribingCodes.contains(2500)));
                await("resubscribing while the backend is down is refused with 100").atMost(Duration.ofSeconds(5))
                        .until(() -> watched.stream().allMatch(w -> w.errorCodes.contains(100)));
                for (Watched w : watched) {
                    assertThat(w.subscription.getState()).isEqualTo(SubscriptionState.SUBSCRIBING);
                    assertThat(w.unsubscribedCodes).as("the SDK never gave up").isEmpty();
                }

                second = BackendProcess.start(port, 2);
                await("every SDK resubscribed by itself and ticks again").atMost(Duration.ofSeconds(20))
                        .until(() -> watched.stream().allMatch(w -> w.subscribed.get() == 2 && w.sawPublicationOf(2)));

                Thread.sleep(1000); // let any attempt still in flight settle
                assertThat(second.openStreams()).as("one stream per SDK subscription: none leaked, none doubled")
                        .isEqualTo(CLIENTS);
                assertThat(node.node().context().streams().pool("proxy_stream_subscribe").activeStreams()
                        .stream().mapToInt(Integer::intValue).sum())
                        .as("the node holds no lease of a dead stream").isEqualTo(CLIENTS);
                for (Watched w : watched) {
                    assertThat(w.subscribed.get()).as("subscribed once per backend life").isEqualTo(2);
                    assertThat(w.subscription.getState()).isEqualTo(SubscriptionState.SUBSCRIBED);
                    assertThat(w.unsubscribedCodes).isEmpty();
                }
            } finally {
                for (Watched w : watched) {
                    w.client.disconnect();
                    w.client.close(1000);
                }
            }
        } finally {
            first.close();
            if (second != null) {
                second.close();
            }
        }
    }

    private static Watched subscribe(TestNode node, String user, String channel) throws Exception {
        Watched w = new Watched();
        Options options = new Options();
        options.setToken(Jwt.forUser(user, 600));
        w.client = new Client(node.wsUrl(), options, new EventListener() { });
        SubscriptionOptions subOptions = new SubscriptionOptions();
        // Bounded backoff keeps the test short; the SDK still decides when to retry.
        subOptions.setMinResubscribeDelay(200);
        subOptions.setMaxResubscribeDelay(1000);
        w.subscription = w.client.newSubscription(channel, subOptions, new SubscriptionEventListener() {
            @Override
            public void onSubscribing(Subscription s, SubscribingEvent e) {
                w.subscribingCodes.add(e.getCode());
            }

            @Override
            public void onSubscribed(Subscription s, SubscribedEvent e) {
                w.subscribed.incrementAndGet();
            }

            @Override
            public void onPublication(Subscription s, PublicationEvent e) {
                w.publications.add(new String(e.getData(), StandardCharsets.UTF_8));
            }

            @Override
            public void onError(Subscription s, SubscriptionErrorEvent e) {
                if (e.getError() instanceof SubscriptionSubscribeError subscribe
                        && subscribe.getError() instanceof ReplyError reply && reply.isTemporary()) {
                    w.errorCodes.add(reply.getCode());
                }
            }

            @Override
            public void onUnsubscribed(Subscription s, UnsubscribedEvent e) {
                w.unsubscribedCodes.add(e.getCode());
            }
        });
        w.subscription.subscribe();
        w.client.connect();
        return w;
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
