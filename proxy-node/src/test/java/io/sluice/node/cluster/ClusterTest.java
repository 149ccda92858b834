package io.sluice.node.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.node.testing.JsonClient;
import io.sluice.node.testing.Jwt;
import io.sluice.node.testing.RedisCli;
import io.sluice.node.testing.RedisProcess;
import io.sluice.node.testing.SdkClient;
import io.sluice.node.testing.TestBackend;
import io.sluice.node.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three nodes sharing one real redis-server, with official centrifuge-java clients spread over
 * them: what a client does on one node reaches clients on the others, and the server API of any
 * node sees and acts on the whole cluster.
 */
class ClusterTest {

    private static RedisProcess redis;
    private static RedisCli cli;
    private static TestBackend backend;
    private static TestNode a;
    private static TestNode b;
    private static TestNode c;
    private final List<SdkClient> clients = new ArrayList<>();

    @BeforeAll
    static void startCluster() throws Exception {
        redis = RedisProcess.start();
        cli = new RedisCli(redis.port());
        backend = TestBackend.start();
        String config = RedisConfig.json(redis.url(), backend.endpoint());
        a = TestNode.start(config);
        b = TestNode.start(config);
        c = TestNode.start(config);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        for (TestNode node : new TestNode[]{a, b, c}) {
            if (node != null) {
                node.close();
            }
        }
        backend.close();
        cli.close();
        redis.close();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(SdkClient::close);
    }

    private SdkClient client(TestNode node, String user) throws InterruptedException {
        SdkClient client = SdkClient.connect(node.wsUrl(), user);
        clients.add(client);
        client.awaitConnected();
        return client;
    }

    @Test
    void publishAndBroadcastReachSubscribersOnEveryNodeInPublishOrder() throws Exception {
        SdkClient alice = client(a, "alice");
        SdkClient bob = client(b, "bob");
        SdkClient carol = client(c, "carol");
        alice.subscribed("chat:room");
        bob.subscribed("chat:room");
        carol.subscribed("chat:other");

        List<String> sent = IntStream.range(0, 200).mapToObj(n -> "{\"n\":" + n + "}").toList();
        for (String data : sent) {
            assertThat(c.api().call("publish", "{\"channel\":\"chat:room\",\"data\":" + data + "}").has("result")).isTrue();
        }
        assertThat(alice.<String>next("publication:chat:room", sent.size(), 5)).isEqualTo(sent);
        assertThat(bob.<String>next("publication:chat:room", sent.size(), 5)).isEqualTo(sent);

        JsonNode broadcast = b.api().call("broadcast", "{\"channels\":[\"chat:room\",\"chat:other\"],\"data\":{\"all\":1}}");
        assertThat(broadcast.path("result").path("responses")).hasSize(2).allMatch(r -> r.has("result"));
        assertThat(alice.<String>next("publication:chat:room", 5)).isEqualTo("{\"all\":1}");
        assertThat(bob.<String>next("publication:chat:room", 5)).isEqualTo("{\"all\":1}");
        assertThat(carol.<String>next("publication:chat:other", 5)).isEqualTo("{\"all\":1}");

        CompletableFuture<Throwable> published = new CompletableFuture<>();
        alice.subscription("chat:room").publish("{\"from\":\"alice\"}".getBytes(StandardCharsets.UTF_8),
                (err, res) -> published.complete(err));
        assertThat(published.get(5, TimeUnit.SECONDS)).isNull();
        assertThat(bob.<String>next("publication:chat:room", 5)).as("a client publish on A reaches B")
                .isEqualTo("{\"from\":\"alice\"}");
        assertThat(carol.none("publication:chat:room")).isTrue();
    }

    @Test
    void pipelinedClientPublishesOnOneNodeArriveInOrderOnAnother() throws Exception {
        SdkClient olivia = client(b, "olivia");
        olivia.subscribed("chat:order");
        try (JsonClient publisher = JsonClient.open(a.wsUrl())) {
            publisher.connect(Jwt.forUser("peter", 60));
            publisher.subscribe("chat:order", null);
            // 500 publishes in frames of 100 commands, none waiting for its reply.
            for (int frame = 0; frame < 5; frame++) {
                StringBuilder commands = new StringBuilder();
                for (int n = frame * 100; n < frame * 100 + 100; n++) {
                    commands.append(commands.length() == 0 ? "" : "\n").append("{\"id\":").append(10 + n)
                            .append(",\"publish\":{\"channel\":\"chat:order\",\"data\":{\"n\":").append(n).append("}}}");
                }
                publisher.socket().sendText(commands.toString());
            }
            List<String> expected = IntStream.range(0, 500).mapToObj(n -> "{\"n\":" + n + "}").toList();
            assertThat(olivia.<String>next("publication:chat:order", 500, 5)).isEqualTo(expected);
        }
    }

    @Test
    void presenceAndJoinLeaveSpanNodes() throws Exception {
        SdkClient dave = client(a, "dave");
        SdkClient erin = client(b, "erin");
        dave.subscribed("chat:presence");
        assertThat(dave.<String>next("join:chat:presence", 5)).as("own join, as on one node").isEqualTo("dave");

        erin.subscribed("chat:presence");
        assertThat(dave.<String>next("join:chat:presence", 5)).as("join from node B seen on A").isEqualTo("erin");
        assertThat(erin.<String>next("join:chat:presence", 5)).isEqualTo("erin");

        Map<String, String> expected = Map.of(dave.clientId(), "dave", erin.clientId(), "erin");
        assertThat(dave.presence("chat:presence")).as("presence asked on A").isEqualTo(expected);
        assertThat(erin.presenceStats("chat:presence").getNumClients()).isEqualTo(2);
        JsonNode presence = c.api().call("presence", "{\"channel\":\"chat:presence\"}").path("result").path("presence");
        assertThat(presence.path(dave.clientId()).path("user").asText()).isEqualTo("dave");
        assertThat(presence.path(erin.clientId()).path("user").asText()).isEqualTo("erin");
        JsonNode stats = c.api().call("presence_stats", "{\"channel\":\"chat:presence\"}").path("result");
        assertThat(stats.path("num_clients").asInt()).isEqualTo(2);
        assertThat(stats.path("num_users").asInt()).isEqualTo(2);

        erin.subscription("chat:presence").unsubscribe();
        assertThat(dave.<String>next("leave:chat:presence", 5)).isEqualTo("erin");
        assertThat(dave.presence("chat:presence")).isEqualTo(Map.of(dave.clientId(), "dave"));
    }

    @Test
    void infoListsEveryNodeAndChannelsCountClientsOnAllNodes() throws Exception {
        client(a, "frank").subscribed("chat:count");
        client(b, "grace").subscribed("chat:count");
        client(b, "heidi").subscribed("chat:count");

        Set<String> uids = Set.of(uid(a), uid(b), uid(c));
        await("info on C lists all three nodes, each with its own clients").atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode nodes = c.api().call("info", "{}").path("result").path("nodes");
            assertThat(nodes).hasSize(3);
            Map<String, Integer> clientsByNode = new java.util.HashMap<>();
            nodes.forEach(n -> clientsByNode.put(n.path("uid").asText(), n.path("num_clients").asInt()));
            assertThat(clientsByNode).containsOnlyKeys(uids)
                    .containsEntry(uid(a), 1).containsEntry(uid(b), 2).containsEntry(uid(c), 0);
        });

        JsonNode channels = c.api().call("channels", "{\"pattern\":\"chat:c*\"}").path("result").path("channels");
        assertThat(channels.path("chat:count").path("num_clients").asInt()).as("summed over A and B").isEqualTo(3);
        assertThat(channels.size()).isEqualTo(1);
    }

    @Test
    void serverUnsubscribeAndDisconnectReachAUserOnAnyNode() throws Exception {
        SdkClient ivan = client(b, "ivan");
        ivan.subscribed("chat:advice");

        a.api().call("unsubscribe", "{\"user\":\"ivan\",\"channel\":\"chat:advice\"}");
        assertThat(ivan.<Integer>next("unsubscribed:chat:advice", 5)).isEqualTo(2000);

        c.api().call("disconnect", "{\"user\":\"ivan\",\"disconnect\":{\"code\":4501,\"reason\":\"bye\"}}");
        assertThat(ivan.<Integer>next("disconnected", 5)).isEqualTo(4501);
    }

    @Test
    void streamChannelSubscribersOnEveryNodeGetServerApiPublications() throws Exception {
        List<TestBackend.Call> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        backend.onCall(call -> {
            call.accept("{}");
            calls.add(call);
        });
        SdkClient judy = client(a, "judy");
        SdkClient ken = client(b, "ken");
        judy.subscribed("streams:feed");
        ken.subscribed("streams:feed");
        assertThat(calls).hasSize(2);
        // A stream channel's node subscribes to Redis right after the backend's answer: wait until both have.
        await().atMost(Duration.ofSeconds(5)).until(() -> cli.numSub("sluice.client.streams:feed") == 2);

        c.api().call("publish", "{\"channel\":\"streams:feed\",\"data\":{\"from\":\"api\"}}");
        assertThat(judy.<String>next("publication:streams:feed", 5)).isEqualTo("{\"from\":\"api\"}");
        assertThat(ken.<String>next("publication:streams:feed", 5)).isEqualTo("{\"from\":\"api\"}");

        TestBackend.Call judysStream = calls.stream()
                .filter(call -> call.subscribeRequest().getUser().equals("judy")).findFirst().orElseThrow();
        judysStream.push("{\"only\":\"judy\"}");
        assertThat(judy.<String>next("publication:streams:feed", 5)).isEqualTo("{\"only\":\"judy\"}");
        Thread.sleep(200);
        assertThat(ken.none("publication:streams:feed")).as("a stream's data is its client's alone").isTrue();
    }

    @Test
    void aNodeHoldsOneRedisSubscriptionPerChannelWhileItHasLocalSubscribers() throws Exception {
        String redisChannel = "sluice.client.chat:refcount";
        List<SdkClient> onA = List.of(client(a, "u1"), client(a, "u2"), client(a, "u3"));
        SdkClient onB = client(b, "u4");
        for (SdkClient client : onA) {
            client.subscribed("chat:refcount");
        }
        onB.subscribed("chat:refcount");
        assertThat(cli.numSub(redisChannel)).as("one per node, not per client").isEqualTo(2);

        for (SdkClient client : onA.subList(0, 2)) {
            client.subscription("chat:refcount").unsubscribe();
            client.next("unsubscribed:chat:refcount", 5);
        }
        b.api().call("publish", "{\"channel\":\"chat:refcount\",\"data\":{\"still\":\"here\"}}");
        assertThat(onA.get(2).<String>next("publication:chat:refcount", 5)).isEqualTo("{\"still\":\"here\"}");
        assertThat(cli.numSub(redisChannel)).as("A keeps it while u3 stays").isEqualTo(2);

        onA.get(2).subscription("chat:refcount").unsubscribe();
        await().atMost(Duration.ofSeconds(5)).until(() -> cli.numSub(redisChannel) == 1);
        onB.subscription("chat:refcount").unsubscribe();
        await().atMost(Duration.ofSeconds(5)).until(() -> cli.numSub(redisChannel) == 0);
    }

    private static String uid(TestNode node) {
        return node.node().context().identity().uid();
    }
}
