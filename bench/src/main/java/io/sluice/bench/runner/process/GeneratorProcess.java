package io.sluice.bench.runner.process;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.sluice.bench.common.Json;
import io.sluice.bench.generator.GeneratorCommand;
import io.sluice.bench.generator.GeneratorLine;
import io.sluice.bench.generator.LoadSpec;
import io.sluice.bench.generator.OpenResult;
import io.sluice.bench.generator.Window;
import io.sluice.bench.generator.api.PublishSpec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** A load generator in its own JVM, driven over its stdin and stdout (see {@link GeneratorCommand}). */
public final class GeneratorProcess implements AutoCloseable {

    private final Process process;
    private final Path stderr;
    private final Writer commands;
    private final BlockingQueue<GeneratorLine> replies = new LinkedBlockingQueue<>();
    private final Consumer<GeneratorLine> progress;

    private GeneratorProcess(Process process, Path stderr, Consumer<GeneratorLine> progress) {
        this.process = process;
        this.stderr = stderr;
        this.progress = progress;
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::read, "generator-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    public static GeneratorProcess start(String name, JavaLaunch bench, List<String> jvmFlags, Path logs,
                                         Consumer<GeneratorLine> progress) throws IOException {
        Path stderr = logs.resolve(name + ".log");
        Process process = new ProcessBuilder(bench.command(jvmFlags, List.of("generator")))
                .redirectError(stderr.toFile()).start();
        return new GeneratorProcess(process, stderr, progress);
    }

    public long pid() {
        return process.pid();
    }

    public OpenResult open(LoadSpec spec) throws IOException, InterruptedException {
        // Generous: set-up waits for every subscribe, and gives up on its own well before this.
        return ask(GeneratorCommand.open(spec), Duration.ofMinutes(15)).open();
    }

    public Window measure(double seconds) throws IOException, InterruptedException {
        return ask(GeneratorCommand.measure(seconds), Duration.ofSeconds((long) seconds + 60)).window();
    }

    public void publish(PublishSpec spec) throws IOException, InterruptedException {
        ask(GeneratorCommand.publish(spec), Duration.ofSeconds(60));
    }

    /** Closes every connection the generator holds (it keeps running). */
    public void closeLoad() throws IOException, InterruptedException {
        ask(GeneratorCommand.close(), Duration.ofSeconds(120));
    }

    private GeneratorLine ask(GeneratorCommand command, Duration timeout) throws IOException, InterruptedException {
        send(command);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            GeneratorLine reply = replies.poll(200, TimeUnit.MILLISECONDS);
            if (reply != null) {
                if (reply.error() != null) {
                    throw new IOException("generator: " + command.op() + " failed: " + reply.error());
                }
                return reply;
            }
            if (!process.isAlive()) {
                throw new IOException("the generator exited during '" + command.op() + "': " + stderrTail());
            }
        }
        throw new IOException("the generator did not answer '" + command.op() + "' within " + timeout.toSeconds() + " s");
    }

    private void send(GeneratorCommand command) throws IOException {
        try {
            commands.write(Json.MAPPER.writeValueAsString(command) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        commands.flush();
    }

    private void read() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                GeneratorLine parsed;
                try {
                    parsed = Json.MAPPER.readValue(line, GeneratorLine.class);
                } catch (JsonProcessingException e) {
                    continue; // a stray line (a JVM warning): not ours
                }
                if (parsed.reply() != null) {
                    replies.add(parsed);
                } else {
                    progress.accept(parsed);
                }
            }
        } catch (IOException e) {
            // The process is gone; ask() notices.
        }
    }

    private String stderrTail() {
        try {
            List<String> lines = Files.readAllLines(stderr, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    /** Asks the generator to exit, then stops it by PID if it has not. */
    @Override
    public void close() {
        try {
            send(new GeneratorCommand("exit", null, 0, null));
        } catch (IOException e) {
            // Already gone.
        }
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
            Thread.currentThread().interrupt();
        }
    }
}
