package io.sluice.operator;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.sluice.node.testing.LogProblems;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged operator jar run as a person runs it outside a cluster: a plain {@code java -jar} (so
 * the jar's own contents are its whole classpath), with a kubeconfig file naming the mock API server
 * and a bearer token, and SLUICE_* settings. Its output goes to a log file; it is stopped by PID.
 */
public final class OperatorProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private OperatorProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Writes {@code dir/kubeconfig} (context namespace {@code namespace}) and starts the jar with
     * {@code dir} as HOME, so no kubeconfig or SLUICE_* variable of the machine running the tests applies.
     */
    public static OperatorProcess start(Path dir, KubernetesMockServer server, String token, String namespace,
                                        Map<String, String> settings) throws IOException {
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, kubeconfig("http://localhost:" + server.getPort(), token, namespace));
        Path log = dir.resolve("operator.log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("sluice.operator.jar"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("SLUICE_") || k.startsWith("KUBERNETES_") || k.equals("KUBECONFIG"));
        env.put("HOME", dir.toString());
        env.put("KUBECONFIG", kubeconfig.toString());
        env.putAll(settings);
        return new OperatorProcess(builder.start(), log);
    }

    static String kubeconfig(String server, String token, String namespace) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: mock
                    cluster:
                      server: %s
                users:
                  - name: operator
                    user:
                      token: %s
                contexts:
                  - name: mock
                    context:
                      cluster: mock
                      user: operator
                      namespace: %s
                current-context: mock
                """.formatted(server, token, namespace);
    }

    /** Waits for /healthz on {@code probePort} to answer 200; fails at once, with the log, if the jar exits. */
    public void awaitHealthy(int probePort, Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest healthz = HttpRequest.newBuilder(URI.create("http://localhost:" + probePort + "/healthz"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the operator exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                if (http.send(healthz, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the operator was not healthy within " + timeout + ":\n" + log());
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Warnings, errors, exceptions and stack traces the log holds so far; a clean run has none. */
    public List<String> logProblems() {
        return LogProblems.in(log());
    }

    /** SIGTERM, as Kubernetes stops a pod; SIGKILL if it has not exited 20 s later. */
    @Override
    public void close() throws InterruptedException {
        ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroy);
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
