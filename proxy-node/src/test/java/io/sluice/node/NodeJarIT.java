package io.sluice.node;

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
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged jar, started as the README says, as a separate process stopped by PID. */
class NodeJarIT {

    private static final Path JAR = Path.of(System.getProperty("sluice.jar", "target/sluice-node.jar"));
    private static final Path EXAMPLES = Path.of(System.getProperty("sluice.examples", "../examples"));

    @Test
    void startsWithTheExampleConfigAndServesHealthAndApi() throws Exception {
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder(List.of("java", "-jar", JAR.toString(),
                "--config", EXAMPLES.resolve("config.json").toString()));
        builder.environment().put("SLUICE_PORT", String.valueOf(port));
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process node = builder.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> health = awaitHealth(http, port);
            assertThat(health.statusCode()).isEqualTo(200);
            HttpResponse<String> publish = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/publish"))
                    .header("X-API-Key", "demo-api-key")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"channel\":\"chat:lobby\",\"data\":{\"text\":\"hi\"}}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(publish.body()).isEqualTo("{\"result\":{}}");
        } finally {
            ProcessHandle.of(node.pid()).ifPresent(ProcessHandle::destroy); // SIGTERM: graceful shutdown hook
            assertThat(node.waitFor(10, TimeUnit.SECONDS)).as("node exits on SIGTERM").isTrue();
        }
    }

    @Test
    void refusesATypoNamingFileKeyAndReason(@TempDir Path dir) throws Exception {
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

    private static HttpResponse<String> awaitHealth(HttpClient http, int port) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
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
