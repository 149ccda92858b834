package io.sluice.demo.grpc;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.sluice.demo.streams.DemoTimings;
import io.sluice.demo.streams.StreamLog;
import io.sluice.demo.streams.Streams;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The gRPC server: both stream contracts on one port, so one backend process serves the whole demo. */
public final class DemoGrpcServer implements AutoCloseable {

    private final Server server;
    private final ScheduledExecutorService timer;

    private DemoGrpcServer(Server server, ScheduledExecutorService timer) {
        this.server = server;
        this.timer = timer;
    }

    /** Listens on every interface at {@code port} (0 picks a free one). */
    public static DemoGrpcServer start(int port, StreamLog log, DemoTimings timings) throws IOException {
        ScheduledExecutorService timer = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "demo-streams");
            thread.setDaemon(true);
            return thread;
        });
        Streams.Context ctx = new Streams.Context(log, timings, timer);
        Streams streams = new Streams(ctx);
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress(port))
                .addService(new ProxyStreamService(streams, new ConnectionStreams(ctx)))
                .addService(new CentrifugoProxyService(streams))
                // The node keeps its backend connections alive with HTTP/2 pings; accept them rather
                // than answering GOAWAY "too_many_pings", which would drop every stream at once.
                .permitKeepAliveTime(10, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(true)
                .build()
                .start();
        return new DemoGrpcServer(server, timer);
    }

    public int port() {
        return server.getPort();
    }

    public void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }

    @Override
    public void close() {
        server.shutdownNow();
        timer.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
