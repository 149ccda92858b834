package io.sluice.demo;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quick start, end to end: the demo backend jar and the node jar as separate processes on free
 * loopback ports with examples/config.json, and the demo page opened in real headless Chromium by
 * src/test/js/demo-page.mjs, which checks every panel over WebSocket, HTTP-streaming and SSE.
 */
class DemoPageIT {

    private static final Path DEMO_JAR = Path.of(System.getProperty("sluice.demo.jar", "target/sluice-demo.jar"));
    private static final Path NODE_JAR = Path.of(System.getProperty("sluice.jar",
            "../../proxy-node/target/sluice-node.jar"));
    private static final Path EXAMPLES = Path.of(System.getProperty("sluice.examples", ".."));
    private static final Path PAGE_TEST = Path.of(System.getProperty("sluice.page.test.dir", "src/test/js"));
    private static final String DEFAULT_ENDPOINT = "grpc://127.0.0.1:12000";

    @Test
    void theDemoPageShowsEveryStreamOverEachTransportInHeadlessChromium(@TempDir Path dir) throws Exception {
        Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
        assertThat(Files.isExecutable(chromium)).as("the demo page test needs Chromium at " + chromium
                + " (set CHROMIUM to another binary, or install Debian's 'chromium' package as ./test.sh does)").isTrue();
        assertThat(DEMO_JAR).as("demo backend jar (mvn package builds it)").isRegularFile();
        assertThat(NODE_JAR).as("node jar (mvn package builds it)").isRegularFile();

        int[] ports = freePorts(3);
        int grpcPort = ports[0];
        int httpPort = ports[1];
        int nodePort = ports[2];
        String example = Files.readString(EXAMPLES.resolve("config.json"));
        assertThat(example).as("examples/config.json points the node at the demo backend").contains(DEFAULT_ENDPOINT);
        Path config = dir.resolve("config.json");
        Files.writeString(config, example.replace(DEFAULT_ENDPOINT, "grpc://127.0.0.1:" + grpcPort));

        Path backendLog = dir.resolve("backend.log");
        Path nodeLog = dir.resolve("node.log");
        List<Process> started = new ArrayList<>();
        try {
            started.add(start(backendLog, Map.of(), "java", "-jar", DEMO_JAR.toString(),
                    "--grpc-port", String.valueOf(grpcPort), "--http-port", String.valueOf(httpPort),
                    "--ws-url", "ws://127.0.0.1:" + nodePort + "/connection/websocket"));
            // The page comes from another port than the node's, so the node must allow its origin.
            started.add(start(nodeLog, Map.of("SLUICE_PORT", String.valueOf(nodePort),
                    "SLUICE_ALLOWED_ORIGINS", "http://127.0.0.1:" + httpPort), "java", "-jar", NODE_JAR.toString(),
                    "--config", config.toString()));
            awaitHttp("http://127.0.0.1:" + nodePort + "/health", started, backendLog, nodeLog);
            awaitHttp("http://127.0.0.1:" + httpPort + "/config.js", started, backendLog, nodeLog);

            ProcessBuilder script = new ProcessBuilder("node", "demo-page.mjs").directory(PAGE_TEST.toFile())
                    .redirectErrorStream(true);
            script.environment().put("DEMO_URL", "http://127.0.0.1:" + httpPort);
            script.environment().put("CHROMIUM", chromium.toString());
            Process browser = script.start();
            started.add(browser);
            boolean finished = browser.waitFor(75, TimeUnit.SECONDS);
            if (!finished) {
                browser.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            String output = new String(browser.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            System.out.println("--- demo-page.mjs ---\n" + output);
            String logs = logs(backendLog, nodeLog);
            assertThat(finished).as("demo-page.mjs finished within 75 s\n" + output + logs).isTrue();
            assertThat(browser.exitValue()).as("demo-page.mjs exit code\n" + output + logs).isZero();
            assertThat(output).contains("demo page: all checks passed");
            // The backend saw the streams come and go: one line each way per stream.
            String backend = Files.readString(backendLog);
            assertThat(backend).contains("open  connect-bidi").contains("open  ticker ticker:")
                    .contains("open  echo echo:").contains("open  logs logs:").contains("via CentrifugoProxy\n")
                    .contains("close ticker ticker:");
            // The node told the backend which transport each connection came over.
            assertThat(backend).contains("transport=websocket").contains("transport=http_stream")
                    .contains("transport=sse");
        } finally {
            for (int i = started.size() - 1; i >= 0; i--) {
                stop(started.get(i));
            }
        }
    }

    /** Starts a process with its output in {@code log} and {@code env} added to its environment. */
    private static Process start(Path log, Map<String, String> env, String... command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        return builder.start();
    }

    /** SIGTERM by PID (both jars shut down gracefully on it), then a hard stop if that does not do it. */
    private static void stop(Process process) throws InterruptedException {
        ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroy);
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static void awaitHttp(String url, List<Process> processes, Path... logs) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            for (Process process : processes) {
                assertThat(process.isAlive()).as("a process exited early while waiting for " + url + logs(logs))
                        .isTrue();
            }
            assertThat(System.nanoTime()).as("no answer from " + url + " within 30 s" + logs(logs)).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static String logs(Path... logs) {
        StringBuilder out = new StringBuilder();
        for (Path log : logs) {
            try {
                out.append("\n--- ").append(log.getFileName()).append(" ---\n").append(Files.readString(log));
            } catch (IOException e) {
                out.append("\n--- ").append(log.getFileName()).append(": unreadable: ").append(e.getMessage());
            }
        }
        return out.toString();
    }

    /** Distinct free ports: all sockets are held open together so no port is handed out twice. */
    private static int[] freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0);
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }
}
