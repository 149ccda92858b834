package io.sluice.bench.runner.process;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A Sluice node in its own JVM, started from the packaged jar (or a classpath) with a generated config. */
public final class NodeProcess implements AutoCloseable {

    private final ChildProcess process;
    private final int port;

    private NodeProcess(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts a node with {@code config} and waits for {@code /health}.
     *
     * @throws NodeRefusedException when the node exits at once (a config it refuses), with its output
     */
    public static NodeProcess start(String name, JavaLaunch node, List<String> jvmFlags, NodeConfig config, Path logs)
            throws IOException, InterruptedException {
        Path file = logs.resolve(name + ".json");
        Files.writeString(file, config.toJson());
        return start(name, node, jvmFlags, List.of(file), config.port(), logs);
    }

    /** Starts a node from config files already written (a later file overrides an earlier one), listening on {@code port}. */
    public static NodeProcess start(String name, JavaLaunch node, List<String> jvmFlags, List<Path> configFiles, int port,
                                    Path logs) throws IOException, InterruptedException {
        List<String> args = new java.util.ArrayList<>();
        configFiles.forEach(file -> {
            args.add("--config");
            args.add(file.toString());
        });
        ChildProcess process = ChildProcess.start(name, node.command(jvmFlags, args), logs.resolve(name + ".log"));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new NodeRefusedException(process.logTail(20));
            }
            try {
                HttpResponse<Void> health = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/health")).build(), HttpResponse.BodyHandlers.discarding());
                if (health.statusCode() == 200) {
                    return new NodeProcess(process, port);
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            Thread.sleep(100);
        }
        String log = process.logTail(20);
        process.close();
        throw new IllegalStateException("node " + name + " did not become healthy within 60 s:\n" + log);
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public String logText() {
        return process.logText();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.close();
    }

    /** The node exited while starting; its output says why. */
    public static final class NodeRefusedException extends IOException {
        public NodeRefusedException(String output) {
            super(output);
        }
    }
}
