package io.sluice.node.testing;

import io.sluice.node.SluiceNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A node in a JVM of its own, started like the jar ({@code SluiceNode --config FILE}) with this
 * JVM's classpath, so a test can stop it the way Kubernetes does: SIGTERM, or SIGKILL, by PID.
 */
public final class NodeProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path dir;

    private NodeProcess(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    /** {@code extraJson} is spliced into the same base config {@link TestNode} uses. */
    public static NodeProcess start(String extraJson) throws Exception {
        int port = RedisProcess.freePort();
        Path dir = Files.createTempDirectory("sluice-node-");
        Path config = dir.resolve("config.json");
        Files.writeString(config, "{\"address\": \"127.0.0.1\", \"port\": " + port + ","
                + " \"token_hmac_secret_key\": \"" + TestNode.SECRET + "\", \"api_key\": \"" + TestNode.API_KEY + "\", "
                + extraJson + "}");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), SluiceNode.class.getName(), "--config", config.toString()))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("node.log").toFile())
                .start();
        NodeProcess node = new NodeProcess(process, port, dir);
        node.awaitHealthy();
        return node;
    }

    private void awaitHealthy() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("node process exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        close();
        throw new IllegalStateException("node process did not become healthy within 30 s:\n" + log());
    }

    public int port() {
        return port;
    }

    public String wsUrl() {
        return "ws://127.0.0.1:" + port + "/connection/websocket";
    }

    public ApiClient api() {
        return new ApiClient("http://127.0.0.1:" + port, TestNode.API_KEY);
    }

    public long pid() {
        return process.pid();
    }

    /** SIGTERM, as Kubernetes sends when it stops a pod: the node drains and exits. */
    public void terminate() {
        ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroy);
    }

    /** SIGKILL: the node gets no chance to clean up. */
    public void kill() throws InterruptedException {
        ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Whether the process ended within {@code seconds}. */
    public boolean awaitExit(long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS);
    }

    public int exitValue() {
        return process.exitValue();
    }

    /** What the node printed (its log). */
    public String log() throws IOException {
        Path log = dir.resolve("node.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            kill();
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
