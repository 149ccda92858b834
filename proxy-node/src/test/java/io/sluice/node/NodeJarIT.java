package io.sluice.node;

import io.sluice.node.testing.ApiClient;
import io.sluice.node.testing.JsonClient;
import io.sluice.node.testing.Jwt;
import io.sluice.node.testing.LogProblems;
import io.sluice.node.testing.TestBackend;
import io.sluice.node.testing.TestNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The packaged jar, started as docs/node.md says, with a plain {@code java -jar}, as a separate process stopped by PID. */
class NodeJarIT {

    private static final Path JAR = Path.of(System.getProperty("sluice.jar", "target/sluice-node.jar"));
    private static final Path EXAMPLES = Path.of(System.getProperty("sluice.examples", "../examples"));

    @TempDir
    Path dir;

    @Test
    void startsWithTheExampleConfigAndServesHealthAndApi() throws Exception {
        int port = freePort();
        Process node = start(port, "--config", EXAMPLES.resolve("config.json").toString());
        try {
            HttpResponse<String> publish = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/api/publish"))
                    .header("X-API-Key", "demo-api-key")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"channel\":\"chat:lobby\",\"data\":{\"text\":\"hi\"}}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(publish.body()).isEqualTo("{\"result\":{}}");
        } finally {
            stop(node);
        }
    }

    /** The jar parses YAML with what it ships (the test classpath would hide a missing library). */
    @Test
    void startsFromAYamlConfigAndLogsNothingAmiss() throws Exception {
        int port = freePort();
        Path config = Files.writeString(dir.resolve("config.yaml"), baseYaml(port));
        Process node = start(port, "--config", config.toString());
        try {
            assertThat(api(port).call("publish", "{\"channel\":\"chat:lobby\",\"data\":{}}").toString())
                    .isEqualTo("{\"result\":{}}");
        } finally {
            stop(node);
        }
        assertThat(LogProblems.in(log())).as(log()).isEmpty();
    }

    /** As in a pod whose routing ConfigMap the operator has not written yet (mounted optional). */
    @Test
    void startsWithoutItsOptionalRoutingFileAndRoutesStreamsOnceItAppears() throws Exception {
        int port = freePort();
        Path base = Files.writeString(dir.resolve("base.yaml"), baseYaml(port));
        Path routing = dir.resolve("routing.json");
        try (TestBackend backend = TestBackend.start()) {
            Process node = start(port, "--config", base.toString(), "--config-optional", routing.toString());
            try (JsonClient client = JsonClient.open("ws://127.0.0.1:" + port + "/connection/websocket")) {
                client.connect(Jwt.forUser("ann", 60));
                assertThat(client.subscribe("chat:lobby", null).has("error")).isFalse();
                api(port).call("publish", "{\"channel\":\"chat:lobby\",\"data\":{\"text\":\"plain\"}}");
                assertThat(client.next().path("push").path("pub").path("data").path("text").asText()).isEqualTo("plain");
                assertThat(client.subscribe("prices:eur", null).has("error")).as("no routing yet").isTrue();

                // written as the kubelet writes a ConfigMap's file: complete, in one rename
                Path next = Files.writeString(dir.resolve("routing.json.next"), "{\"stream_backends\": [{\"name\":"
                        + " \"apps.prices\", \"endpoint\": \"" + backend.endpoint() + "\"}], \"namespaces\":"
                        + " [{\"name\": \"prices\", \"proxy_stream_subscribe_backend\": \"apps.prices\"}]}");
                Files.move(next, routing, StandardCopyOption.ATOMIC_MOVE);
                await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200))
                        .until(() -> !client.subscribe("prices:eur", null).has("error"));
                assertThat(backend.nextCall().subscribeRequest().getChannel()).isEqualTo("prices:eur");
            } finally {
                stop(node);
            }
        }
        assertThat(log()).contains("optional config file " + routing + " does not exist yet");
        assertThat(LogProblems.in(log())).as(log()).isEmpty();
    }

    @Test
    void refusesATypoNamingFileKeyAndReason() throws Exception {
        Path config = dir.resolve("broken.json");
        Files.writeString(config, "{\"ping_intreval\": \"25s\"}");
        Process node = new ProcessBuilder(List.of("java", "-jar", JAR.toString(), "--config", config.toString()))
                .redirectErrorStream(true).start();
        assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.exitValue()).isEqualTo(2);
        assertThat(output).contains("broken.json").contains("ping_intreval").contains("ping_interval");
        assertThat(output).doesNotContain("Exception").doesNotContain("\tat ");
    }

    private static String baseYaml(int port) {
        return """
                address: 127.0.0.1
                port: %d
                token_hmac_secret_key: %s
                api_key: %s
                namespaces:
                  - name: chat
                    allow_subscribe_for_client: true
                """.formatted(port, TestNode.SECRET, TestNode.API_KEY);
    }

    /** Starts the jar with {@code args}, its output in {@code node.log}, and waits until /health answers. */
    private Process start(int port, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("java", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("SLUICE_PORT", String.valueOf(port));
        builder.redirectErrorStream(true).redirectOutput(dir.resolve("node.log").toFile());
        Process node = builder.start();
        awaitHealth(node, port);
        return node;
    }

    /** SIGTERM, as Kubernetes stops a pod: the graceful shutdown hook runs. */
    private static void stop(Process node) throws InterruptedException {
        ProcessHandle.of(node.pid()).ifPresent(ProcessHandle::destroy);
        assertThat(node.waitFor(10, TimeUnit.SECONDS)).as("node exits on SIGTERM").isTrue();
    }

    private String log() throws IOException {
        return Files.readString(dir.resolve("node.log"));
    }

    private static ApiClient api(int port) {
        return new ApiClient("http://127.0.0.1:" + port, TestNode.API_KEY);
    }

    private void awaitHealth(Process node, int port) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            assertThat(node.isAlive()).as("the node is running:\n" + log()).isTrue();
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/health")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(health.statusCode()).isEqualTo(200);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
