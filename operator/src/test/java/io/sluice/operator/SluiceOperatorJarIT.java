package io.sluice.operator;

import static io.sluice.operator.Fixtures.endpointBackend;
import static io.sluice.operator.Fixtures.namespace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.sluice.operator.crd.ProxyStreamNamespace;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar, started as its own process the way a pod runs it (configuration from the
 * environment, leader election on), pointed at a mock API server over plain HTTP.
 */
class SluiceOperatorJarIT {
    private final Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
    private final KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(),
            expectations, new KubernetesMixedDispatcher(expectations), false);
    private KubernetesClient client;
    private Process operator;

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
            operator.destroy();
            operator.waitFor();
        }
        client.close();
        server.destroy();
    }

    @Test
    void jarBootstrapsTheConfigMapServesProbesAndMetricsAndRoutesResources() throws Exception {
        int probePort = freePort();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("sluice.operator.jar"))
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("operator.log").toFile());
        Map<String, String> env = builder.environment();
        env.put("HOME", home.toString()); // no kubeconfig of the machine running the tests
        env.put("KUBERNETES_MASTER", "http://localhost:" + server.getPort());
        env.put("KUBERNETES_AUTH_TRYKUBECONFIG", "false");
        env.put("KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
        env.put("KUBERNETES_NAMESPACE", "sluice");
        env.put("SLUICE_RELEASE", "jar");
        env.put("SLUICE_WATCH_NAMESPACES", "apps");
        env.put("SLUICE_PROBE_PORT", String.valueOf(probePort));
        env.put("SLUICE_CONFIGMAP_CHECK_SECONDS", "1");
        operator = builder.start();

        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() ->
                assertThat(get(http, probePort, "/healthz").statusCode()).as(log()).isEqualTo(200));
        assertThat(get(http, probePort, "/readyz").statusCode()).isEqualTo(200);
        ConfigMap routing = client.configMaps().inNamespace("sluice").withName("jar-routing").get();
        assertThat(routing).as(log()).isNotNull();

        client.resource(endpointBackend("apps", "b", "grpc://b:1")).create();
        client.resource(namespace("apps", "chat", "b")).create();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(client.configMaps().inNamespace("sluice")
                .withName("jar-routing").get().getData().get("routing.json")).as(log())
                .contains("\"proxy_stream_subscribe_backend\": \"apps.b\""));
        // the status is written after the routing: until then getStatus() is null
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> assertThat(client
                .resources(ProxyStreamNamespace.class).inNamespace("apps").withName("chat").get().getStatus()
                .condition("Ready").orElseThrow().getStatus())
                .isEqualTo("True"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(get(http, probePort, "/metrics").body())
                .contains("sluice_operator_routed_namespaces 1.0").contains("sluice_operator_routed_backends 1.0")
                .contains("sluice_operator_reconciles_total").contains("sluice_operator_routing_writes_total")
                .contains("sluice_operator_status_writes_total").contains("sluice_operator_not_ready_resources 0.0"));
        assertThat(client.leases().inNamespace("sluice").withName("jar-operator").get()).as("leader election Lease")
                .isNotNull();
        assertThat(client.v1().events().inNamespace("sluice").list().getItems())
                .extracting(e -> e.getReason()).contains("RoutingUpdated");

        // deleted by hand: recreated, and filled again by the reconcile its creation triggers
        client.configMaps().inNamespace("sluice").withName("jar-routing").delete();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(client.configMaps().inNamespace("sluice")
                .withName("jar-routing").get()).as(log()).isNotNull()
                .extracting(cm -> cm.getData().get("routing.json")).asString()
                .contains("\"proxy_stream_subscribe_backend\": \"apps.b\""));
    }

    private static HttpResponse<String> get(HttpClient http, int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String log() {
        try {
            return Files.readString(home.resolve("operator.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
