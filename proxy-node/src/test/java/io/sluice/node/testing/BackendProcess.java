package io.sluice.node.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link TestBackendMain} in its own JVM, started with this JVM's classpath. {@link #kill()} sends
 * SIGKILL to that process by its PID: the backend gets no chance to end its streams.
 */
public final class BackendProcess implements AutoCloseable {

    private final Process process;
    private final Path stderr;
    private final Writer commands;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private BackendProcess(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readStdout, "backend-" + process.pid() + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts a backend on {@code port} and waits until it listens. */
    public static BackendProcess start(int port, int generation) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path stderr = Files.createTempFile("sluice-backend-", ".err");
        Process process = new ProcessBuilder(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                TestBackendMain.class.getName(), String.valueOf(port), String.valueOf(generation)))
                .redirectError(stderr.toFile())
                .start();
        BackendProcess backend = new BackendProcess(process, stderr);
        String ready = backend.lines.poll(20, TimeUnit.SECONDS);
        if (ready == null || !ready.equals("ready " + port)) {
            backend.kill();
            throw new IllegalStateException("backend process did not start on port " + port + " (got " + ready
                    + "): " + Files.readString(stderr));
        }
        return backend;
    }

    public long pid() {
        return process.pid();
    }

    /** Streams the backend holds open (neither ended nor cancelled). */
    public int openStreams() throws IOException, InterruptedException {
        commands.write("open\n");
        commands.flush();
        String answer = lines.poll(5, TimeUnit.SECONDS);
        if (answer == null || !answer.startsWith("open ")) {
            throw new IllegalStateException("backend process did not answer 'open' (got " + answer + ")");
        }
        return Integer.parseInt(answer.substring("open ".length()));
    }

    /** SIGKILL by PID, then waits for the process to be gone. */
    public void kill() throws InterruptedException {
        ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("backend process " + process.pid() + " survived SIGKILL");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
        try {
            Files.deleteIfExists(stderr);
        } catch (IOException e) {
            // A temp file: leaving it behind harms nobody.
        }
    }

    private void readStdout() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(TestBackendMain.PREFIX)) {
                    lines.add(line.substring(TestBackendMain.PREFIX.length()));
                }
            }
        } catch (IOException e) {
            // The process is gone.
        }
    }
}
