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
import io.sluice.node.NodeContext;
import io.sluice.node.api.ServerApi;
import io.sluice.node.config.NodeConfig;

import java.net.InetSocketAddress;

/** The node's single Netty server: WebSocket clients, server API, health and metrics on one port. */
public final class NodeServer implements AutoCloseable {

    public static final String WEBSOCKET_PATH = "/connection/websocket";
    /** Server API bodies (a batch of publications) may be much larger than a client frame. */
    private static final int MAX_HTTP_BODY = 16 * 1024 * 1024;

    private final NodeContext node;
    private final HttpRoutes routes;
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;
    private final Class<? extends ServerChannel> channelClass;
    private Channel serverChannel;

    public NodeServer(NodeContext node, ServerApi api) {
        this.node = node;
        this.routes = new HttpRoutes(node, api);
        // Epoll where the native library loads (linux-x86_64), NIO everywhere else.
        IoHandlerFactory io = Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.channelClass = Epoll.isAvailable() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        this.bossGroup = new MultiThreadIoEventLoopGroup(1, io);
        this.workerGroup = new MultiThreadIoEventLoopGroup(0, io);
    }

    /** Binds and returns the port actually bound (useful when the config asks for port 0). */
    public int start(String address, int port) throws InterruptedException {
        NodeConfig cfg = node.config().get();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(channelClass)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 64 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        int frameLimit = cfg.websocketMessageSizeLimit();
                        WebSocketServerProtocolConfig ws = WebSocketServerProtocolConfig.newBuilder()
                                .websocketPath(WEBSOCKET_PATH)
                                .checkStartsWith(true)
                                .subprotocols(ClientFrameHandler.JSON_SUBPROTOCOL + "," + ClientFrameHandler.PROTOBUF_SUBPROTOCOL)
                                .maxFramePayloadLength(frameLimit)
                                .handshakeTimeoutMillis(10_000)
                                // ClientFrameHandler answers close frames: only it knows whether we sent ours first.
                                .handleCloseFrames(false)
                                .build();
                        ch.pipeline()
                                // Stream messages arrive as separate tasks, each writing a frame: flush
                                // once per event-loop pass instead of one write syscall per message.
                                .addLast(new FlushConsolidationHandler(
                                        FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true))
                                .addLast(new HttpServerCodec())
                                .addLast(new HttpObjectAggregator(MAX_HTTP_BODY))
                                .addLast(new WebSocketServerProtocolHandler(ws))
                                .addLast(new WebSocketFrameAggregator(frameLimit))
                                .addLast(routes)
                                .addLast(new ClientFrameHandler(node));
                    }
                });
        serverChannel = bootstrap.bind(new InetSocketAddress(address, port)).sync().channel();
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** Stops accepting new connections; existing ones stay until {@link #close()}. */
    public void stopAccepting() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
    }

    @Override
    public void close() {
        stopAccepting();
        workerGroup.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        bossGroup.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
