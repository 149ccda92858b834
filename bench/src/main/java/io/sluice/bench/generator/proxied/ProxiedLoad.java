package io.sluice.bench.generator.proxied;

import com.google.protobuf.ByteString;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.sluice.bench.generator.ErrorKind;
import io.sluice.bench.generator.Load;
import io.sluice.bench.generator.LoadCounters;
import io.sluice.bench.generator.LoadSpec;
import io.sluice.bench.generator.OpenGate;
import io.sluice.bench.generator.OpenResult;
import io.sluice.bench.generator.SourceAddresses;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Clients that go through a Sluice node: WebSocket connections speaking the Protobuf client protocol,
 * or connections over one of its fallbacks (HTTP-streaming on Protobuf, SSE on JSON).
 */
public final class ProxiedLoad implements Load {

    private static final long CLOSE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final LoadSpec spec;
    private final LoadCounters counters;
    private final Bootstrap bootstrap;
    private final List<ProxiedConnection> connections = new ArrayList<>();

    public ProxiedLoad(LoadSpec spec, LoadCounters counters, EventLoopGroup group) {
        this.spec = spec;
        this.counters = counters;
        Class<? extends Channel> channelType = Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class;
        this.bootstrap = new Bootstrap().group(group).channel(channelType)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 15_000);
        if (Epoll.isAvailable()) {
            bootstrap.option(EpollChannelOption.IP_BIND_ADDRESS_NO_PORT, true); // see SourceAddresses
        }
    }

    @Override
    public OpenResult open() throws InterruptedException {
        OpenGate gate = new OpenGate(spec.maxOpening(), spec.connections());
        SourceAddresses sources = new SourceAddresses(spec.connections(), spec.perSourceAddress());
        InetSocketAddress remote = new InetSocketAddress(spec.host(), spec.port());
        ByteString subscribeData = ByteString.copyFrom(spec.stream().toJson());
        long started = System.nanoTime();
        for (int i = 0; i < spec.connections(); i++) {
            gate.enter();
            InetSocketAddress source = sources.forConnection(i);
            ProxiedConnection connection = connection(i, subscribeData, gate::settled, remote, source);
            connections.add(connection);
            Bootstrap one = bootstrap.clone().handler(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                    connection.initPipeline(ch.pipeline());
                }
            });
            ChannelFuture connecting = source == null ? one.connect(remote) : one.connect(remote, source);
            connecting.addListener(done -> {
                if (!done.isSuccess()) {
                    connection.connectFailed(done.cause());
                }
            });
        }
        if (!gate.awaitAll(setupTimeoutMillis())) {
            counters.error(ErrorKind.SETUP_TIMEOUT, gate.unsettled() + " connections did not finish setting up");
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        var snapshot = counters.snapshot();
        return new OpenResult(spec.connections(), spec.streams(), snapshot.connections(), snapshot.streams(), millis,
                snapshot.streams() * 1000.0 / Math.max(1, millis), snapshot);
    }

    private ProxiedConnection connection(int index, ByteString subscribeData, Runnable settled, InetSocketAddress remote,
                                         InetSocketAddress source) {
        return switch (spec.transport()) {
            case WEBSOCKET -> new WebSocketConnection(index, spec, counters, subscribeData, settled);
            case HTTP_STREAM -> new FallbackConnection(index, spec, counters, subscribeData, settled,
                    FallbackWire.HTTP_STREAM, bootstrap, remote, source);
            case SSE -> new FallbackConnection(index, spec, counters, subscribeData, settled,
                    FallbackWire.SSE, bootstrap, remote, source);
        };
    }

    /** Settling waits for the last subscribe replies, which the node gives up on after its stream timeout. */
    private long setupTimeoutMillis() {
        return 30_000 + spec.connections() * 5L;
    }

    @Override
    public int silentStreamsSince(long nanos) {
        int silent = 0;
        for (ProxiedConnection connection : connections) {
            silent += connection.silentSince(nanos);
        }
        return silent;
    }

    /** Closes every connection and waits until their sockets are gone, so a next opening has the descriptors and ports. */
    @Override
    public void close() {
        List<ChannelFuture> closing = new ArrayList<>(connections.size());
        for (ProxiedConnection connection : connections) {
            ChannelFuture closed = connection.close();
            if (closed != null) {
                closing.add(closed);
            }
        }
        long deadline = System.nanoTime() + CLOSE_TIMEOUT_NANOS;
        for (ChannelFuture closed : closing) {
            if (!closed.awaitUninterruptibly(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                closed.channel().close(); // the node did not finish the handshake in time
            }
        }
    }
}
