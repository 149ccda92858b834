package io.sluice.operator;

import static io.sluice.operator.Fixtures.endpointBackend;
import static io.sluice.operator.Fixtures.namespace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.sluice.operator.crd.ProxyStreamNamespace;
import io.sluice.operator.crd.StreamBackend;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar, started as its own process the way a person runs it outside a cluster (a
 * kubeconfig file with a token, SLUICE_* settings, leader election on), against fabric8's mock API
 * server in CRUD mode. Through create, update and delete of resources its log stays clean.
 */
class SluiceOperatorJarIT {
    private final KubernetesMockServer server = MockApiServers.crud();
    private KubernetesClient client;
    private OperatorProcess operator;

    @TempDir
    Path home;

    @BeforeEach
    void startApiServer() throws IOException {
        server.init();
        client = server.createClient();
        MockApiServers.installCrds(client);
        MockApiServers.allowLeases(server);
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (operator != null) {
            operator.close();
        }
        client.close();
        server.destroy();
    }

    @Test
    void jarConfiguredByKubeconfigRoutesCreatesUpdatesAndDeletesWithACleanLog() throws Exception {
        int probePort = freePort();
        operator = OperatorProcess.start(home, server, "a-token", "sluice", Map.of(
                "SLUICE_RELEASE", "jar",
                "SLUICE_WATCH_NAMESPACES", "apps",
                "SLUICE_PROBE_PORT", String.valueOf(probePort),
                "SLUICE_CONFIGMAP_CHECK_SECONDS", "1"));

        operator.awaitHealthy(probePort, Duration.ofSeconds(60));
        HttpClient http = HttpClient.newHttpClient();
        assertThat(get(http, probePort, "/readyz").statusCode()).isEqualTo(200);
        assertThat(client.configMaps().inNamespace("sluice").withName("jar-routing").get())
                .as("the ConfigMap in the kubeconfig context's namespace").isNotNull();

        // create
        client.resource(endpointBackend("apps", "b", "grpc://b:1")).create();
        client.resource(namespace("apps", "chat", "b")).create();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(routing()).as(operator.log())
                .contains("\"proxy_stream_subscribe_backend\": \"apps.b\"").contains("\"grpc://b:1\""));
        // the status is written after the routing: until then getStatus() is null
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> assertThat(client
                .resources(ProxyStreamNamespace.class).inNamespace("apps").withName("chat").get().getStatus()
                .condition("Ready").orElseThrow().getStatus())
                .isEqualTo("True"));

        // update: the informer's update filter compares specs (what threw in a jar without YAML support)
        client.resources(StreamBackend.class).inNamespace("apps").withName("b")
                .edit(backend -> {
                    backend.getSpec().setEndpoint("grpc://b2:1");
                    return backend;
                });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(routing()).as(operator.log())
                .contains("\"grpc://b2:1\""));

        // delete
        client.resources(ProxyStreamNamespace.class).inNamespace("apps").withName("chat").delete();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(routing()).as(operator.log())
                .doesNotContain("\"chat\""));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(get(http, probePort, "/metrics").body())
                .contains("sluice_operator_routed_namespaces 0.0").contains("sluice_operator_routed_backends 1.0")
                .contains("sluice_operator_reconciles_total").contains("sluice_operator_routing_writes_total")
                .contains("sluice_operator_status_writes_total").contains("sluice_operator_not_ready_resources 0.0"));
        assertThat(client.leases().inNamespace("sluice").withName("jar-operator").get()).as("leader election Lease")
                .isNotNull();
        assertThat(client.v1().events().inNamespace("sluice").list().getItems())
                .extracting(e -> e.getReason()).contains("RoutingUpdated");

        // the ConfigMap deleted by hand: recreated, and filled again by the reconcile its creation triggers
        client.configMaps().inNamespace("sluice").withName("jar-routing").delete();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(routing()).as(operator.log())
                .contains("\"grpc://b2:1\""));

        operator.close();
        assertThat(operator.logProblems()).as(operator.log()).isEmpty();
    }

    private String routing() {
        ConfigMap configMap = client.configMaps().inNamespace("sluice").withName("jar-routing").get();
        return configMap == null || configMap.getData() == null ? "" : configMap.getData().get("routing.json");
    }

    private static HttpResponse<String> get(HttpClient http, int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
