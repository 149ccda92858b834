package io.sluice.operator.reconciler;

import static io.sluice.operator.Fixtures.backend;
import static io.sluice.operator.Fixtures.endpointBackend;
import static io.sluice.operator.Fixtures.namespace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.sluice.node.testing.JsonClient;
import io.sluice.node.testing.Jwt;
import io.sluice.node.testing.TestBackend;
import io.sluice.node.testing.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operator and node together: the routing the operator writes into its ConfigMap (against fabric8's mock
 * API server) is copied into a running node's routing file as the kubelet would update the mount. The
 * client in an unchanged namespace keeps its stream; a new namespace reaches its new backend at once.
 */
@EnableKubernetesMockClient(crud = true)
class RoutingReachesNodeTest {
    static KubernetesClient client;
    static KubernetesMockServer server;

    @TempDir
    Path dir;

    @Test
    void aNewNamespaceReachesItsBackendAndUnchangedStreamsStay() throws Exception {
        try (MockCluster cluster = new MockCluster(client, server);
             TestBackend first = TestBackend.start();
             TestBackend second = TestBackend.start()) {
            cluster.create(endpointBackend("apps", "first", first.endpoint()));
            cluster.create(namespace("apps", "kept", "first"));
            await().atMost(Duration.ofSeconds(10)).until(() -> cluster.routing().contains("\"name\": \"kept\""));

            Path base = dir.resolve("base.json");
            Files.writeString(base, "{}");
            Path routing = dir.resolve("routing.json");
            mount(cluster.routing(), routing);

            try (TestNode node = TestNode.startWatching(List.of(base, routing));
                 JsonClient ann = JsonClient.open(node.wsUrl())) {
                ann.connect(Jwt.forUser("ann", 60));
                assertThat(ann.subscribe("kept:a", null).has("error")).isFalse();
                TestBackend.Call kept = first.nextCall();

                cluster.create(backend("apps", "second", spec -> {
                    spec.setEndpoint(second.endpoint());
                    spec.setContract("CentrifugoProxy");
                }));
                cluster.create(namespace("apps", "added", "second"));
                await().atMost(Duration.ofSeconds(10)).until(() -> cluster.routing().contains("\"name\": \"added\""));
                mount(cluster.routing(), routing);

                // Until the node has reloaded, the namespace is unknown (102); within 5 s it is served.
                await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                        .until(() -> !ann.subscribe("added:b", null).has("error"));
                TestBackend.Call added = second.nextCall();
                assertThat(added.service).isEqualTo("CentrifugoProxy");
                assertThat(added.subscribeRequest().getUser()).isEqualTo("ann");

                kept.push("{\"still\":\"here\"}");
                assertThat(ann.next().path("push").path("pub").path("data").path("still").asText()).isEqualTo("here");
                assertThat(kept.cancelled).as("the unchanged namespace kept its stream").isNotDone();
            }
        }
    }

    /** The kubelet swaps a ConfigMap mount atomically; a rename does the same here. */
    private void mount(String json, Path routing) throws Exception {
        Path next = dir.resolve("routing.json.next");
        Files.writeString(next, json);
        Files.move(next, routing, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
