package io.sluice.demo.grpc;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.sluice.demo.streams.DemoTimings;
import io.sluice.demo.streams.StreamLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/** The real demo gRPC server on a free loopback port, a real client channel to it, and the stream log it wrote. */
final class LoopbackBackend implements AutoCloseable {

    static final DemoTimings FAST = new DemoTimings(Duration.ofMillis(20), Duration.ofMillis(10), Duration.ofMillis(50));

    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    final StreamLog log = new StreamLog(new PrintStream(logBytes, true, StandardCharsets.UTF_8));
    final DemoGrpcServer server;
    final ManagedChannel channel;

    LoopbackBackend(DemoTimings timings) throws Exception {
        this(timings, builder -> builder);
    }

    LoopbackBackend(DemoTimings timings, UnaryOperator<NettyChannelBuilder> channelOptions) throws Exception {
        server = DemoGrpcServer.start(0, log, timings);
        channel = channelOptions.apply(NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext())
                .build();
    }

    List<String> logLines() {
        synchronized (logBytes) {
            return logBytes.toString(StandardCharsets.UTF_8).lines().toList();
        }
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.close();
    }
}
