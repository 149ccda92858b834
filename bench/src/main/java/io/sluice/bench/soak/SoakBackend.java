package io.sluice.bench.soak;

import com.google.protobuf.ByteString;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.sluice.proto.proxystream.CentrifugoProxyStreamGrpc;
import io.sluice.proto.proxystream.ChannelResponse;
import io.sluice.proto.proxystream.Publication;
import io.sluice.proto.proxystream.SubscribeRequest;
import io.sluice.proto.proxystream.SubscribeResponse;
import io.sluice.proto.proxystream.SubscribeResult;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The soak's gRPC backend ({@code BenchMain soak-backend --port N --seed S}): every subscription stream
 * gets numbered publications {@code {"s":ID,"n":SEQ}} every {@link #PERIOD_MILLIS}. While churning, a
 * stream ends after a random number of them, cleanly or with UNAVAILABLE, 0–20 ms after its last
 * publication, which carries {@code "end":"clean"|"error"}; each such end is printed as
 * {@code end ID LAST KIND}, so the runner can check its client got all of it. Stdin: {@code calm} (no
 * more ends), {@code churn}, {@code count T} (prints {@code open T N}).
 */
public final class SoakBackend {

    public static final String READY = "soak-backend ready";
    static final String END = "end ";
    static final long PERIOD_MILLIS = 100;
    private static final int MAX_PUBLICATIONS_BEFORE_END = 80;
    private static final int MAX_END_DELAY_MILLIS = 20;

    /** Stream ids stay unique across restarts: the process id, then a counter. */
    private final String incarnation = String.valueOf(ProcessHandle.current().pid());
    private final AtomicLong streams = new AtomicLong();
    private final AtomicInteger open = new AtomicInteger();
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
    private final Random random;
    private volatile boolean churn = true;

    private SoakBackend(long seed) {
        this.random = new Random(seed);
    }

    private final class Service extends CentrifugoProxyStreamGrpc.CentrifugoProxyStreamImplBase {
        @Override
        public void subscribeUnidirectional(SubscribeRequest request, StreamObserver<ChannelResponse> responses) {
            new Stream((ServerCallStreamObserver<ChannelResponse>) responses).start();
        }
    }

    private final class Stream {
        private final ServerCallStreamObserver<ChannelResponse> out;
        private final String id = incarnation + "." + streams.incrementAndGet();
        private final int endAfter;
        private final boolean endsClean;
        private int sent;
        private boolean done;
        private ScheduledFuture<?> ticks;

        Stream(ServerCallStreamObserver<ChannelResponse> out) {
            this.out = out;
            synchronized (random) {
                endAfter = 1 + random.nextInt(MAX_PUBLICATIONS_BEFORE_END);
                endsClean = random.nextBoolean();
            }
        }

        synchronized void start() {
            open.incrementAndGet();
            out.setOnCancelHandler(this::finish);
            out.onNext(ChannelResponse.newBuilder().setSubscribeResponse(SubscribeResponse.newBuilder().setResult(
                    SubscribeResult.newBuilder().setData(utf8("{\"s\":\"" + id + "\"}")))).build());
            ticks = timer.scheduleAtFixedRate(this::tick, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        }

        private synchronized void tick() {
            if (done) {
                return;
            }
            sent++;
            boolean last = churn && sent >= endAfter;
            String kind = endsClean ? "clean" : "error";
            out.onNext(ChannelResponse.newBuilder().setPublication(Publication.newBuilder().setData(utf8(
                    "{\"s\":\"" + id + "\",\"n\":" + sent + (last ? ",\"end\":\"" + kind + "\"" : "") + "}"))).build());
            if (last) {
                finish();
                int delay;
                synchronized (random) {
                    delay = random.nextInt(MAX_END_DELAY_MILLIS + 1);
                }
                timer.schedule(() -> end(kind), delay, TimeUnit.MILLISECONDS);
            }
        }

        private synchronized void end(String kind) {
            if (kind.equals("clean")) {
                out.onCompleted();
            } else {
                out.onError(Status.UNAVAILABLE.withDescription("soak: stream ended with an error").asRuntimeException());
            }
            System.out.println(END + id + " " + sent + " " + kind);
        }

        /** Ends the ticking; cancellation by the node or a scripted end, whichever comes first. */
        private synchronized void finish() {
            if (!done) {
                done = true;
                ticks.cancel(false);
                open.decrementAndGet();
            }
        }
    }

    private static ByteString utf8(String json) {
        return ByteString.copyFromUtf8(json);
    }

    public static void main(String[] args) throws Exception {
        int port = 0;
        long seed = 1;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--seed" -> seed = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("usage: soak-backend --port N --seed S");
            }
        }
        SoakBackend backend = new SoakBackend(seed);
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
                .addService(backend.new Service())
                .permitKeepAliveTime(10, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(true)
                .build()
                .start();
        System.out.println(READY);
        try (BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = commands.readLine()) != null) {
                String[] words = line.trim().split(" ");
                switch (words[0]) {
                    case "calm" -> backend.churn = false;
                    case "churn" -> backend.churn = true;
                    case "count" -> System.out.println("open " + words[1] + " " + backend.open.get());
                    default -> System.err.println("unknown command: " + line);
                }
            }
        }
        server.awaitTermination();
    }
}
