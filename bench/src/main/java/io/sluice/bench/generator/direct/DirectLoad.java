package io.sluice.bench.generator.direct;

import com.google.protobuf.ByteString;
import io.grpc.Attributes;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollChannelOption;
import io.sluice.bench.generator.ErrorKind;
import io.sluice.bench.generator.Load;
import io.sluice.bench.generator.LoadCounters;
import io.sluice.bench.generator.LoadSpec;
import io.sluice.bench.generator.OpenGate;
import io.sluice.bench.generator.OpenResult;
import io.sluice.bench.generator.SourceAddresses;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The baseline: the same clients reading the backend's gRPC streams themselves, without Sluice. */
public final class DirectLoad implements Load {

    private final LoadSpec spec;
    private final LoadCounters counters;
    private final List<DirectClient> clients = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "direct-publisher");
        thread.setDaemon(true);
        return thread;
    });

    public DirectLoad(LoadSpec spec, LoadCounters counters) {
        this.spec = spec;
        this.counters = counters;
    }

    @Override
    public OpenResult open() throws InterruptedException {
        OpenGate gate = new OpenGate(spec.maxOpening(), spec.connections());
        SourceAddresses sources = new SourceAddresses(spec.connections(), spec.perSourceAddress());
        ByteString subscribeData = ByteString.copyFrom(spec.stream().toJson());
        long started = System.nanoTime();
        for (int i = 0; i < spec.connections(); i++) {
            gate.enter();
            DirectClient client = new DirectClient(i, spec, channel(sources.forConnection(i)), counters, timer, gate::settled);
            clients.add(client);
            client.start(subscribeData);
        }
        if (!gate.awaitAll(30_000 + spec.connections() * 5L)) {
            counters.error(ErrorKind.SETUP_TIMEOUT, gate.unsettled() + " clients did not finish setting up");
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        var snapshot = counters.snapshot();
        return new OpenResult(spec.connections(), spec.streams(), snapshot.connections(), snapshot.streams(), millis,
                snapshot.streams() * 1000.0 / Math.max(1, millis), snapshot);
    }

    /** A plain gRPC client channel with gRPC's defaults, except that callbacks run on the transport thread. */
    private ManagedChannel channel(InetSocketAddress source) {
        NettyChannelBuilder builder = NettyChannelBuilder.forAddress(new InetSocketAddress(spec.host(), spec.port()))
                .usePlaintext()
                .directExecutor();
        if (source != null) {
            builder.withOption(EpollChannelOption.IP_BIND_ADDRESS_NO_PORT, true); // see SourceAddresses
            builder.localSocketPicker(new NettyChannelBuilder.LocalSocketPicker() {
                @Override
                public SocketAddress createSocketAddress(SocketAddress remote, Attributes attrs) {
                    return source;
                }
            });
        }
        return builder.build();
    }

    @Override
    public int silentStreamsSince(long nanos) {
        return clients.stream().mapToInt(client -> client.silentSince(nanos)).sum();
    }

    /** Closes every client and waits until their connections are gone, so a next opening has the descriptors. */
    @Override
    public void close() {
        clients.forEach(DirectClient::close);
        timer.shutdownNow();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try {
            for (DirectClient client : clients) {
                client.awaitClosed(Math.max(0, deadline - System.nanoTime()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
