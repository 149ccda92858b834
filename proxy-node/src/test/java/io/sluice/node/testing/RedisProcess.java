package io.sluice.node.testing;

import redis.embedded.core.ExecutableProvider;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A real redis-server on a free loopback port: the binary embedded-redis ships (extracted from its
 * jar), run as a child process this test owns, without persistence (or the same binary as a Sentinel). {@link #kill()} sends SIGKILL
 * by PID; {@link #restart()} starts a fresh, empty server on the same port.
 */
public final class RedisProcess implements AutoCloseable {

    private static File binary;

    private final int port;
    private final List<String> extraArgs;
    private final Path dir;
    /** For a sentinel: the master it watches; 0 for a plain server. */
    private final int sentinelOf;
    private Process process;

    private RedisProcess(int port, List<String> extraArgs, int sentinelOf) throws IOException {
        this.port = port;
        this.extraArgs = extraArgs;
        this.sentinelOf = sentinelOf;
        this.dir = Files.createTempDirectory("sluice-redis-" + port + "-");
    }

    /** A server on a free port; {@code extraArgs} are redis-server options such as {@code "--cluster-enabled", "yes"}. */
    public static RedisProcess start(String... extraArgs) throws IOException, InterruptedException {
        return startOn(freePort(), extraArgs);
    }

    public static RedisProcess startOn(int port, String... extraArgs) throws IOException, InterruptedException {
        RedisProcess redis = new RedisProcess(port, List.of(extraArgs), 0);
        redis.launch();
        return redis;
    }

    /** A Sentinel (the same binary in sentinel mode) watching the master on {@code masterPort} as {@code mymaster}. */
    public static RedisProcess sentinel(int masterPort) throws IOException, InterruptedException {
        RedisProcess sentinel = new RedisProcess(freePort(), List.of(), masterPort);
        sentinel.launch();
        return sentinel;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: Redis gets no chance to say goodbye to its clients. */
    public void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("redis-server " + process.pid() + " survived SIGKILL");
            }
        }
    }

    /** A new, empty server on the same port (the old one must be gone). */
    public void restart() throws IOException, InterruptedException {
        kill();
        launch();
    }

    private synchronized void launch() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        String readyLine;
        if (sentinelOf == 0) {
            command.addAll(List.of(binary().getAbsolutePath(),
                    "--port", String.valueOf(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                    "--dir", dir.toString(), "--protected-mode", "no"));
            command.addAll(extraArgs);
            readyLine = "Ready to accept connections";
        } else {
            // A sentinel rewrites its config file, so it needs one of its own.
            Path conf = dir.resolve("sentinel.conf");
            Files.writeString(conf, "port " + port + "\nbind 127.0.0.1\nprotected-mode no\ndir " + dir + "\n"
                    + "sentinel monitor mymaster 127.0.0.1 " + sentinelOf + " 1\n"
                    + "sentinel down-after-milliseconds mymaster 2000\n");
            command.addAll(List.of(binary().getAbsolutePath(), conf.toString(), "--sentinel"));
            readyLine = "+monitor master";
        }
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        CountDownLatch ready = new CountDownLatch(1);
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    synchronized (output) {
                        if (output.length() < 10_000) {
                            output.append(line).append('\n');
                        }
                    }
                    if (line.contains(readyLine)) {
                        ready.countDown();
                    }
                }
            } catch (IOException e) {
                // The process is gone.
            }
        }, "redis-" + port + "-output");
        reader.setDaemon(true);
        reader.start();
        if (!ready.await(20, TimeUnit.SECONDS)) {
            kill();
            synchronized (output) {
                throw new IllegalStateException("redis-server did not start on port " + port + ":\n" + output);
            }
        }
    }

    private static synchronized File binary() throws IOException {
        if (binary == null) {
            binary = ExecutableProvider.newJarResourceProvider().get();
        }
        return binary;
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temp directory: leaving it behind harms nobody.
        }
    }
}
