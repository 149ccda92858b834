package io.sluice.bench.runner.process;

import io.sluice.bench.backend.BenchBackend;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The benchmark backend in its own JVM, on a free port. */
public final class BackendProcess implements AutoCloseable {

    private final ChildProcess process;
    private final int port;

    private BackendProcess(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts a backend whose output goes to {@code logs/name.log} (a scenario may start several). */
    public static BackendProcess start(String name, JavaLaunch bench, List<String> jvmFlags, Path logs)
            throws IOException, InterruptedException {
        int port = Ports.free();
        ChildProcess process = ChildProcess.start(name,
                bench.command(jvmFlags, List.of("backend", "--port", String.valueOf(port))), logs.resolve(name + ".log"));
        if (process.awaitLogLine(BenchBackend.READY, Duration.ofSeconds(30)).isEmpty()) {
            String log = process.logTail(20);
            process.close();
            throw new IllegalStateException("the benchmark backend did not start:\n" + log);
        }
        return new BackendProcess(process, port);
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** Flooding streams opened from now on wait for {@link #releaseFloods()}. */
    public void holdFloods() throws IOException {
        command(BenchBackend.HOLD);
    }

    public void releaseFloods() throws IOException {
        command(BenchBackend.RELEASE);
    }

    private void command(String line) throws IOException {
        process.send(line);
    }

    @Override
    public void close() {
        process.close();
    }
}
