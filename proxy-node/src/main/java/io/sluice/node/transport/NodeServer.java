package io.sluice.node.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.sluice.node.context.NodeContext;
import io.sluice.node.api.ServerApi;
import io.sluice.node.config.NodeConfig;
import io.sluice.node.transport.Route.Listener;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The node's Netty server: WebSocket clients on {@code port}; the server API, health and metrics on
 * the same port, or on {@code internal_port} when it is set. Every socket passes the {@link FrontDoor}.
 */
public final class NodeServer implements AutoCloseable {

    private final NodeContext node;
    private final HttpRoutes routes;
    private final ConnectionGate gate = new ConnectionGate();
    private final EmulatedSessions emulated = new EmulatedSessions();
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;
    private final Class<? extends ServerChannel> channelClass;
    private final List<Channel> serverChannels = new ArrayList<>();

    /** @param ready whether the node can take clients now ({@code GET /ready}) */
    public NodeServer(NodeContext node, ServerApi api, BooleanSupplier ready) {
        this.node = node;
        this.routes = new HttpRoutes(node, api, ready);
        node.cluster().onEmulation((session, commands) -> {
            var target = emulated.get(session);
            if (target != null) {
                target.receive(commands);
            }
        });
        // Epoll where the native library loads (linux-x86_64), NIO everywhere else.
        IoHandlerFactory io = Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.channelClass = Epoll.isAvailable() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        this.bossGroup = new MultiThreadIoEventLoopGroup(1, io);
        this.workerGroup = new MultiThreadIoEventLoopGroup(0, io);
    }

    /** Binds the listeners and returns the client port actually bound (useful when the config asks for port 0). */
    public int start(String address, int port) throws InterruptedException {
        NodeConfig.FrontDoorConfig frontDoor = node.config().get().frontDoor();
        if (!frontDoor.hasInternalPort()) {
            return bind(address, port, Listener.CLIENTS_AND_INTERNAL);
        }
        int clientPort = bind(address, port, Listener.CLIENTS);
        bind(frontDoor.internalAddress(), frontDoor.internalPort(), Listener.INTERNAL);
        return clientPort;
    }

    /** The bound internal port, or the client port when there is no separate one. */
    public int internalPort() {
        return ((InetSocketAddress) serverChannels.get(serverChannels.size() - 1).localAddress()).getPort();
    }

    private int bind(String address, int port, Listener listener) throws InterruptedException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(channelClass)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 64 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        NodeConfig cfg = node.config().get();
                        NodeConfig.FrontDoorConfig door = cfg.frontDoor();
                        ch.pipeline()
                                // Stream messages arrive as separate tasks, each writing a frame: flush
                                // once per event-loop pass instead of one write syscall per message.
                                .addLast(new FlushConsolidationHandler(
                                        FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true))
                                .addLast(new HttpServerCodec())
                                .addLast(RequestDeadline.NAME, new RequestDeadline(door.readHeaderTimeout().toMillis(),
                                        door.idleTimeout().toMillis(), awaited -> node.metrics().frontDoorRefusal("deadline")))
                                .addLast(new FrontDoor(node, listener, gate))
                                // Only admitted requests get here, their bodies within their route's limit.
                                .addLast(new HttpObjectAggregator(largestBody(cfg)));
                        if (listener.servesClients()) {
                            addWebSocket(ch, cfg.websocketMessageSizeLimit());
                            ch.pipeline().addLast(new FallbackHandler(node, emulated));
                        }
                        ch.pipeline().addLast(routes);
                        if (listener.servesClients()) {
                            ch.pipeline().addLast(new ClientFrameHandler(node));
                        }
                    }
                });
        Channel channel = bootstrap.bind(new InetSocketAddress(address, port)).sync().channel();
        serverChannels.add(channel);
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    private static int largestBody(NodeConfig cfg) {
        int largest = 0;
        for (Route route : Route.values()) {
            largest = Math.max(largest, route.maxBody(cfg));
        }
        return largest;
    }

    private static void addWebSocket(SocketChannel ch, int frameLimit) {
        WebSocketServerProtocolConfig ws = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(Route.WEBSOCKET_PATH)
                .checkStartsWith(true)
                .subprotocols(ClientFrameHandler.JSON_SUBPROTOCOL + "," + ClientFrameHandler.PROTOBUF_SUBPROTOCOL)
                .maxFramePayloadLength(frameLimit)
                .handshakeTimeoutMillis(10_000)
                // ClientFrameHandler answers close frames: only it knows whether we sent ours first.
                .handleCloseFrames(false)
                .build();
        ch.pipeline()
                .addLast(new WebSocketServerProtocolHandler(ws))
                .addLast(new WebSocketFrameAggregator(frameLimit));
    }

    /**
     * Stops accepting and tells every client connection, connected yet or not, to reconnect elsewhere
     * (3001); returns how many were told.
     */
    public int drain() {
        stopAccepting();
        return gate.drain();
    }

    /** Stops accepting new connections; existing ones stay until {@link #close()}. */
    public void stopAccepting() {
        serverChannels.forEach(channel -> channel.close().syncUninterruptibly());
    }

    @Override
    public void close() {
        stopAccepting();
        workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
