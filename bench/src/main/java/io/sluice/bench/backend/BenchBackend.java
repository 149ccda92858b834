package io.sluice.bench.backend;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.sluice.bench.common.Contract;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark backend: subscription streams of both contracts on one loopback port. Run as its own
 * process ({@code BenchMain backend --port N}); it prints {@code ready PORT} once it listens and reads
 * {@link #HOLD} and {@link #RELEASE} for its {@link FloodGate} on stdin.
 */
public final class BenchBackend implements AutoCloseable {

    public static final String READY = "ready ";
    /** Stdin commands: hold new flooding streams back, and let them go. */
    public static final String HOLD = "hold";
    public static final String RELEASE = "release";

    private final Server server;
    private final Pacer pacer;

    private BenchBackend(Server server, Pacer pacer) {
        this.server = server;
        this.pacer = pacer;
    }

    private static BenchBackend start(int port, FloodGate gate) throws IOException {
        Pacer pacer = new Pacer();
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
                .addService(StreamService.of(Contract.SEED, pacer, gate))
                .addService(StreamService.of(Contract.V5, pacer, gate))
                // Handlers only build a message and hand it to gRPC: no need for another thread hop.
                .directExecutor()
                // The node pings its backend connections; answer rather than GOAWAY "too_many_pings".
                .permitKeepAliveTime(10, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(true)
                .build()
                .start();
        return new BenchBackend(server, pacer);
    }

    public int port() {
        return server.getPort();
    }

    public static void main(String[] args) throws Exception {
        int port = 0;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--port") && i + 1 < args.length) {
                port = Integer.parseInt(args[++i]);
            } else {
                throw new IllegalArgumentException("usage: backend [--port N]");
            }
        }
        FloodGate gate = new FloodGate();
        BenchBackend backend = start(port, gate);
        Runtime.getRuntime().addShutdownHook(new Thread(backend::close, "bench-backend-stop"));
        System.out.println(READY + backend.port());
        System.out.flush();
        try (BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = commands.readLine()) != null) {
                switch (line.trim()) {
                    case HOLD -> gate.hold();
                    case RELEASE -> gate.release();
                    default -> System.err.println("unknown command: " + line);
                }
            }
        }
        backend.server.awaitTermination();
    }

    @Override
    public void close() {
        server.shutdownNow();
        pacer.close();
    }
}
