package io.sluice.node.sdk;

import io.github.centrifugal.centrifuge.Client;
import io.github.centrifugal.centrifuge.ClientState;
import io.github.centrifugal.centrifuge.ConnectedEvent;
import io.github.centrifugal.centrifuge.ConnectingEvent;
import io.github.centrifugal.centrifuge.ConnectionTokenEvent;
import io.github.centrifugal.centrifuge.ConnectionTokenGetter;
import io.github.centrifugal.centrifuge.DisconnectedEvent;
import io.github.centrifugal.centrifuge.EventListener;
import io.github.centrifugal.centrifuge.JoinEvent;
import io.github.centrifugal.centrifuge.LeaveEvent;
import io.github.centrifugal.centrifuge.Options;
import io.github.centrifugal.centrifuge.PresenceResult;
import io.github.centrifugal.centrifuge.PresenceStatsResult;
import io.github.centrifugal.centrifuge.PublicationEvent;
import io.github.centrifugal.centrifuge.SubscribedEvent;
import io.github.centrifugal.centrifuge.Subscription;
import io.github.centrifugal.centrifuge.SubscriptionEventListener;
import io.github.centrifugal.centrifuge.SubscriptionOptions;
import io.github.centrifugal.centrifuge.TokenCallback;
import io.github.centrifugal.centrifuge.UnsubscribedEvent;
import io.sluice.node.testing.Jwt;
import io.sluice.node.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The official centrifuge-java SDK 0.4.1 (Protobuf protocol), unchanged, against a real node. */
class JavaSdkTest {

    private static TestNode node;
    private final List<Client> clients = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(SdkConfig.JSON);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @AfterEach
    void closeClients() throws InterruptedException {
        for (Client client : clients) {
            client.disconnect();
            client.close(1000);
        }
    }

    /** A client whose connection events land in {@code events}; {@code getter} may be null. */
    private Client client(String token, ConnectionTokenGetter getter, Events events) {
        Options options = new Options();
        options.setToken(token);
        if (getter != null) {
            options.setTokenGetter(getter);
        }
        Client client = new Client(node.wsUrl(), options, new EventListener() {
            @Override
            public void onConnected(Client c, ConnectedEvent e) {
                events.record("connected", e.getClient());
            }

            @Override
            public void onConnecting(Client c, ConnectingEvent e) {
                events.record("connecting", e.getCode());
            }

            @Override
            public void onDisconnected(Client c, DisconnectedEvent e) {
                events.record("disconnected", e.getCode());
            }
        });
        clients.add(client);
        return client;
    }

    private static Subscription subscription(Client client, String channel, Events events) throws Exception {
        SubscriptionOptions options = new SubscriptionOptions();
        options.setJoinLeave(true);
        return client.newSubscription(channel, options, new SubscriptionEventListener() {
            @Override
            public void onSubscribed(Subscription s, SubscribedEvent e) {
                events.record("subscribed", true);
            }

            @Override
            public void onPublication(Subscription s, PublicationEvent e) {
                boolean fromClient = e.getInfo() != null && !e.getInfo().getUser().isEmpty();
                events.record("publication", new String(e.getData(), StandardCharsets.UTF_8)
                        + (fromClient ? " from " + e.getInfo().getUser() : ""));
            }

            @Override
            public void onJoin(Subscription s, JoinEvent e) {
                events.record("join", e.getInfo().getUser());
            }

            @Override
            public void onLeave(Subscription s, LeaveEvent e) {
                events.record("leave", e.getInfo().getUser());
            }

            @Override
            public void onUnsubscribed(Subscription s, UnsubscribedEvent e) {
                events.record("unsubscribed", e.getCode());
            }
        });
    }

    @Test
    void subscribesReceivesInOrderPublishesAndSeesPresence() throws Exception {
        Events alice = new Events();
        Client aliceClient = client(Jwt.forUser("alice", 60), null, alice);
        Subscription aliceSub = subscription(aliceClient, "chat:java", alice);
        aliceSub.subscribe();
        aliceClient.connect();
        assertThat((String) alice.next("connected", 5)).isNotEmpty();
        assertThat((Boolean) alice.next("subscribed", 5)).isTrue();
        assertThat((String) alice.next("join", 5)).as("a subscriber sees its own join").isEqualTo("alice");

        for (int n = 0; n < 20; n++) {
            node.api().call("publish", "{\"channel\":\"chat:java\",\"data\":{\"n\":" + n + "}}");
        }
        for (int n = 0; n < 20; n++) {
            assertThat((String) alice.next("publication", 5)).isEqualTo("{\"n\":" + n + "}");
        }

        Events bob = new Events();
        Client bobClient = client(Jwt.forUser("bob", 60), null, bob);
        Subscription bobSub = subscription(bobClient, "chat:java", bob);
        bobSub.subscribe();
        bobClient.connect();
        assertThat((String) alice.next("join", 5)).isEqualTo("bob");
        assertThat((Boolean) bob.next("subscribed", 5)).isTrue();

        CompletableFuture<Throwable> published = new CompletableFuture<>();
        bobSub.publish("{\"from\":\"bob\"}".getBytes(StandardCharsets.UTF_8), (err, res) -> published.complete(err));
        assertThat(published.get(5, TimeUnit.SECONDS)).isNull();
        assertThat((String) alice.next("publication", 5)).isEqualTo("{\"from\":\"bob\"} from bob");

        CompletableFuture<PresenceResult> presence = new CompletableFuture<>();
        aliceSub.presence((err, res) -> complete(presence, err, res));
        assertThat(presence.get(5, TimeUnit.SECONDS).getClients().values())
                .extracting(info -> info.getUser()).containsExactlyInAnyOrder("alice", "bob");
        CompletableFuture<PresenceStatsResult> stats = new CompletableFuture<>();
        aliceSub.presenceStats((err, res) -> complete(stats, err, res));
        assertThat(stats.get(5, TimeUnit.SECONDS).getNumClients()).isEqualTo(2);
        assertThat(stats.get().getNumUsers()).isEqualTo(2);

        bobSub.unsubscribe();
        assertThat((String) alice.next("leave", 5)).isEqualTo("bob");
    }

    @Test
    void refreshesAnExpiringTokenAndRecoversFromAnExpiredOne() throws Exception {
        AtomicInteger refreshes = new AtomicInteger();
        Events carol = new Events();
        Client carolClient = client(Jwt.forUser("carol", 2), getter("carol", refreshes), carol);
        carolClient.connect();
        carol.next("connected", 5);
        Thread.sleep(4500); // past the 2 s expiry plus the node's 1 s client_expired_close_delay
        assertThat(refreshes.get()).isGreaterThanOrEqualTo(1);
        assertThat(carolClient.getState()).isEqualTo(ClientState.CONNECTED);
        assertThat(carol.none("disconnected")).isTrue();

        AtomicInteger fetches = new AtomicInteger();
        Events dave = new Events();
        Client daveClient = client(Jwt.forUser("dave", -10), getter("dave", fetches), dave);
        daveClient.connect();
        dave.next("connected", 5);
        assertThat(fetches.get()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void followsServerUnsubscribeAndDisconnectAdvice() throws Exception {
        Events erin = new Events();
        Client erinClient = client(Jwt.forUser("erin", 60), null, erin);
        Subscription erinSub = subscription(erinClient, "chat:advice", erin);
        erinSub.subscribe();
        erinClient.connect();
        erin.next("subscribed", 5);

        node.api().call("unsubscribe", "{\"user\":\"erin\",\"channel\":\"chat:advice\"}");
        assertThat((Integer) erin.next("unsubscribed", 5)).isEqualTo(2000);

        erin.next("connected", 0);
        assertThat((Integer) erin.next("connecting", 0)).as("connect() called").isZero();
        node.api().call("disconnect", "{\"user\":\"erin\",\"disconnect\":{\"code\":4001,\"reason\":\"come back\"}}");
        assertThat((Integer) erin.next("connecting", 5)).isEqualTo(4001);
        assertThat((String) erin.next("connected", 10)).isNotEmpty();

        node.api().call("disconnect", "{\"user\":\"erin\",\"disconnect\":{\"code\":4501,\"reason\":\"go away\"}}");
        assertThat((Integer) erin.next("disconnected", 5)).isEqualTo(4501);
        assertThat(erinClient.getState()).isEqualTo(ClientState.DISCONNECTED);
    }

    private static ConnectionTokenGetter getter(String user, AtomicInteger calls) {
        return new ConnectionTokenGetter() {
            @Override
            public void getConnectionToken(ConnectionTokenEvent event, TokenCallback callback) {
                calls.incrementAndGet();
                callback.Done(null, Jwt.forUser(user, 60));
            }
        };
    }

    private static <T> void complete(CompletableFuture<T> future, Throwable err, T result) {
        if (err != null) {
            future.completeExceptionally(err);
        } else {
            future.complete(result);
        }
    }
}
