package io.sluice.bench.generator;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.sluice.bench.common.Json;
import io.sluice.bench.generator.api.ApiPublisher;
import io.sluice.bench.generator.direct.DirectLoad;
import io.sluice.bench.generator.proxied.ProxiedLoad;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The load generator process: reads {@link GeneratorCommand}s on stdin, answers and reports progress
 * as {@link GeneratorLine}s on stdout. A process of its own so that its CPU and memory stay apart
 * from the node's and the runner's.
 */
public final class GeneratorMain {

    private static final long PROGRESS_MILLIS = 500;

    private final PrintStream out;
    private final LoadCounters counters = new LoadCounters();
    private final EventLoopGroup group;
    private Load load;
    private ApiPublisher publisher;
    private long lastDelivered;
    private long lastProgressNanos = System.nanoTime();

    private GeneratorMain(PrintStream out) {
        this.out = out;
        IoHandlerFactory io = Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.group = new MultiThreadIoEventLoopGroup(0, io);
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        GeneratorMain generator = new GeneratorMain(out);
        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "generator-progress");
            thread.setDaemon(true);
            return thread;
        });
        progress.scheduleAtFixedRate(generator::reportProgress, PROGRESS_MILLIS, PROGRESS_MILLIS, TimeUnit.MILLISECONDS);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                GeneratorCommand command = Json.MAPPER.readValue(line, GeneratorCommand.class);
                if (command.op().equals("exit")) {
                    break;
                }
                generator.handle(command);
            }
        } finally {
            progress.shutdownNow();
            generator.closeAll();
        }
        System.exit(0);
    }

    private void handle(GeneratorCommand command) {
        try {
            switch (command.op()) {
                case "open" -> {
                    LoadSpec spec = command.spec();
                    load = spec.route() == LoadSpec.Route.PROXIED ? new ProxiedLoad(spec, counters, group)
                            : new DirectLoad(spec, counters);
                    print(GeneratorLine.opened(load.open()));
                }
                case "measure" -> print(GeneratorLine.measured(measure(command.seconds())));
                case "publish" -> {
                    publisher = new ApiPublisher(command.publish(), counters, group);
                    publisher.start();
                    print(GeneratorLine.done("publish"));
                }
                case "close" -> {
                    closeAll();
                    print(GeneratorLine.done("close"));
                }
                default -> print(GeneratorLine.failed(command.op(), "unknown command"));
            }
        } catch (Exception e) {
            print(GeneratorLine.failed(command.op(), e.toString()));
        }
    }

    private Window measure(double seconds) throws InterruptedException {
        Snapshot before = counters.snapshot();
        long started = System.nanoTime();
        counters.startRecording();
        Thread.sleep((long) (seconds * 1000));
        Latency latency = counters.stopRecording();
        double elapsed = (System.nanoTime() - started) / 1e9;
        Snapshot after = counters.snapshot();
        int silent = load == null ? 0 : load.silentStreamsSince(started);
        long delivered = after.delivered() - before.delivered();
        long published = after.published() - before.published();
        return new Window(elapsed, delivered, delivered / elapsed, published, published / elapsed, latency,
                after.errors() - before.errors(), silent, after);
    }

    private void reportProgress() {
        Snapshot now = counters.snapshot();
        long nanos = System.nanoTime();
        double rate = (now.delivered() - lastDelivered) / ((nanos - lastProgressNanos) / 1e9);
        lastDelivered = now.delivered();
        lastProgressNanos = nanos;
        print(GeneratorLine.progress(now, rate));
    }

    private synchronized void print(GeneratorLine line) {
        try {
            out.println(Json.MAPPER.writeValueAsString(line));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void closeAll() {
        if (publisher != null) {
            publisher.close();
            publisher = null;
        }
        if (load != null) {
            load.close();
            load = null;
        }
    }
}
