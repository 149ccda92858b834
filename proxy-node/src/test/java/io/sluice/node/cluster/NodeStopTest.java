package io.sluice.node.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.node.testing.HttpProbe;
import io.sluice.node.testing.Jwt;
import io.sluice.node.testing.NodeProcess;
import io.sluice.node.testing.RedisProcess;
import io.sluice.node.testing.SdkClient;
import io.sluice.node.testing.SocketClient;
import io.sluice.node.testing.TcpBalancer;
import io.sluice.node.testing.TestBackend;
import io.sluice.node.testing.TestNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node in its own process stopped the two ways Kubernetes stops pods, next to a node that stays
 * (in this JVM): SIGKILL (it vanishes from info and presence by expiry) and SIGTERM (it drains:
 * clients are told 3001 and move to the other node, its streams are cancelled, and it leaves
 * presence and the registry before exiting).
 */
class NodeStopTest {

    @Test
    void aShutdownTellsEvenClientsThatHaveNotConnectedYet() throws Exception {
        TestNode node = TestNode.start("\"http_stream\": true");
        String connect = "{\"id\":1,\"connect\":{\"token\":\"" + Jwt.forUser("ann", 60) + "\"}}";
        try (SocketClient upgradedOnly = new SocketClient(node.port(), 65536);
             SocketClient connected = new SocketClient(node.port(), 65536);
             HttpProbe streamed = new HttpProbe(node.port())) {
            connected.sendText(connect);
            assertThat(connected.readFrame().opcode()).isEqualTo(SocketClient.Frame.TEXT);
            streamed.send("POST /connection/http_stream HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + connect.length() + "\r\n\r\n" + connect);
            assertThat(streamed.head(5000)).startsWith("HTTP/1.1 200");
            node.close();
            for (SocketClient client : List.of(upgradedOnly, connected)) {
                SocketClient.Frame close = client.readFrame();
                assertThat(close.opcode()).isEqualTo(SocketClient.Frame.CLOSE);
                assertThat(close.closeCode()).isEqualTo(3001);
            }
            assertThat(streamed.rest(5000)).as("HTTP-streaming: a disconnect push, then the end of the body")
                    .contains("\"disconnect\":{\"code\":3001");
        }
    }

    @Test
    void aNodeKilledWithSigkillDisappearsFromInfoAndPresence() throws Exception {
        try (RedisProcess redis = RedisProcess.start();
             TestNode survivor = TestNode.start(RedisConfig.json(redis.url()));
             NodeProcess doomed = NodeProcess.start(RedisConfig.json(redis.url()))) {
            List<SdkClient> clients = new ArrayList<>();
            try {
                SdkClient stays = SdkClient.connect(survivor.wsUrl(), "stays");
                clients.add(stays);
                for (String user : List.of("gone1", "gone2")) {
                    clients.add(SdkClient.connect(doomed.wsUrl(), user));
                }
                for (SdkClient client : clients) {
                    client.awaitConnected();
                    client.subscribed("chat:kill");
                }
                await("the survivor sees both nodes and all three clients").atMost(Duration.ofSeconds(10))
                        .until(() -> nodeCount(survivor) == 2 && presenceClients(survivor, "chat:kill").size() == 3);

                doomed.kill();

                long killedAt = System.nanoTime();
                await("the killed node leaves info").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                        .until(() -> nodeCount(survivor) == 1);
                System.out.printf("killed node left info after %d ms%n", (System.nanoTime() - killedAt) / 1_000_000);
                assertThat(survivor.api().call("info", "{}").path("result").path("nodes").get(0).path("uid").asText())
                        .isEqualTo(survivor.node().context().identity().uid());
                await("its clients' presence entries expire").atMost(Duration.ofSeconds(10))
                        .until(() -> presenceClients(survivor, "chat:kill").equals(Set.of(stays.clientId())));
                assertThat(survivor.api().call("presence_stats", "{\"channel\":\"chat:kill\"}").path("result")
                        .path("num_clients").asInt()).isEqualTo(1);
                assertThat(survivor.api().call("channels", "{}").path("result").path("channels").path("chat:kill")
                        .path("num_clients").asInt()).as("channels asks only live nodes").isEqualTo(1);
            } finally {
                clients.forEach(SdkClient::close);
            }
        }
    }

    @Test
    void sigtermDrainsTheNodeAndItsClientsMoveToTheOtherNode() throws Exception {
        List<TestBackend.Call> streams = new CopyOnWriteArrayList<>();
        try (RedisProcess redis = RedisProcess.start(); TestBackend backend = TestBackend.start()) {
            backend.onCall(call -> {
                call.accept("{}");
                streams.add(call);
            });
            String config = RedisConfig.json(redis.url(), backend.endpoint());
            try (TestNode remaining = TestNode.start(config); NodeProcess draining = NodeProcess.start(config);
                 TcpBalancer service = new TcpBalancer(List.of(draining.port(), remaining.port()))) {
                List<SdkClient> clients = new ArrayList<>();
                try {
                    for (String user : List.of("mover1", "mover2", "mover3")) {
                        SdkClient client = SdkClient.connect(service.wsUrl(), user);
                        clients.add(client);
                        client.awaitConnected();
                        client.subscribed("chat:drain");
                    }
                    clients.get(0).subscribed("streams:drain");
                    Set<String> before = new HashSet<>();
                    clients.forEach(client -> before.add(client.clientId()));
                    await("all clients are on the node that will drain").atMost(Duration.ofSeconds(10))
                            .until(() -> presenceClients(remaining, "chat:drain").equals(before) && nodeCount(remaining) == 2);
                    assertThat(remaining.node().context().hub().numClients()).isZero();
                    TestBackend.Call oldStream = streams.get(0);
                    clients.forEach(client -> client.drain("connecting"));

                    draining.terminate();

                    for (SdkClient client : clients) {
                        assertThat(client.<Integer>next("connecting", 10)).as("told to reconnect elsewhere").isEqualTo(3001);
                    }
                    assertThat(oldStream.awaitCancelled(10)).as("the draining node cancelled its stream").isTrue();
                    assertThat(draining.awaitExit(15)).as("the node exits within the grace period").isTrue();
                    assertThat(nodeCount(remaining)).as("it left the registry before exiting, not by expiry").isEqualTo(1);
                    assertThat(presenceClients(remaining, "chat:drain")).as("and removed its presence entries")
                            .doesNotContainAnyElementsOf(before);

                    Set<String> after = new HashSet<>();
                    for (SdkClient client : clients) {
                        after.add(client.awaitConnected());
                        client.next("subscribed:chat:drain", 10);
                    }
                    clients.get(0).next("subscribed:streams:drain", 10);
                    assertThat(remaining.node().context().hub().numClients()).as("all three moved over").isEqualTo(3);
                    assertThat(presenceClients(remaining, "chat:drain")).isEqualTo(after);
                    assertThat(streams).as("the stream reopened on the remaining node").hasSize(2);

                    remaining.api().call("publish", "{\"channel\":\"chat:drain\",\"data\":{\"moved\":true}}");
                    for (SdkClient client : clients) {
                        assertThat(client.<String>next("publication:chat:drain", 5)).isEqualTo("{\"moved\":true}");
                    }
                } finally {
                    clients.forEach(SdkClient::close);
                }
            }
        }
    }

    private static int nodeCount(TestNode node) throws Exception {
        return node.api().call("info", "{}").path("result").path("nodes").size();
    }

    private static Set<String> presenceClients(TestNode node, String channel) throws Exception {
        JsonNode presence = node.api().call("presence", "{\"channel\":\"" + channel + "\"}").path("result").path("presence");
        Set<String> ids = new HashSet<>();
        presence.fieldNames().forEachRemaining(ids::add);
        return ids;
    }
}
