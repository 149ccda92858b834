package io.sluice.bench.generator.proxied;

import com.google.protobuf.ByteString;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.sluice.bench.generator.ErrorKind;
import io.sluice.bench.generator.LoadCounters;
import io.sluice.bench.generator.LoadSpec;
import io.sluice.proto.client.Command;
import io.sluice.proto.client.ConnectResult;
import io.sluice.proto.client.Reply;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A client on a WebSocket fallback: the connect goes in the request that opens the stream, the
 * replies come down its response body, and every later command is a {@code POST /emulation} on a
 * second connection. Leaving is aborting the request, as a browser does.
 */
final class FallbackConnection extends ProxiedConnection {

    private final FallbackWire wire;
    private final String host;
    private final Bootstrap emulationBootstrap;
    private final InetSocketAddress remote;
    private final InetSocketAddress source;
    private final ResponseBody body;
    private EmulationChannel emulation;
    private String session;
    private String node;

    /** @param bootstrap what the client's own connection was opened with; the emulation connection uses it too */
    FallbackConnection(int index, LoadSpec spec, LoadCounters counters, ByteString subscribeData, Runnable settledHook,
                       FallbackWire wire, Bootstrap bootstrap, InetSocketAddress remote, InetSocketAddress source) {
        super(index, spec, counters, subscribeData, settledHook);
        this.wire = wire;
        this.host = spec.host() + ":" + spec.port();
        this.emulationBootstrap = bootstrap;
        this.remote = remote;
        this.source = source;
        this.body = wire.body();
    }

    @Override
    void initPipeline(ChannelPipeline pipeline) {
        pipeline.addLast(new HttpClientCodec(), this);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        ctx.writeAndFlush(wire.open(host, connectCommand(), ctx.alloc()));
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpResponse response && !response.status().equals(HttpResponseStatus.OK)) {
                failSetup(ErrorKind.CONNECT_FAILED, "answered " + response.status());
                ctx.close();
                return;
            }
            if (msg instanceof HttpContent content) {
                List<Reply> replies = new ArrayList<>(1);
                try {
                    body.read(content.content(), replies);
                } catch (IOException e) {
                    lost(ErrorKind.DISCONNECTED, "undecodable body: " + e.getMessage());
                    ctx.close();
                    return;
                }
                onReplies(replies);
                if (msg instanceof LastHttpContent && !isClosing()) {
                    lost(ErrorKind.DISCONNECTED, "the node ended the response");
                    ctx.close();
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    void connected(ConnectResult result) {
        session = result.getSession();
        node = result.getNode();
        emulation = new EmulationChannel(emulationBootstrap.clone(ctx.channel().eventLoop()), remote, source, counters());
    }

    @Override
    void send(List<Command> commands) {
        emulation.post(wire.emulation(host, session, node, commands, ctx.alloc()));
    }

    @Override
    boolean canSend() {
        return emulation.isWritable();
    }

    @Override
    ChannelFuture leave() {
        ctx.close();
        return ctx.channel().closeFuture();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (emulation != null) {
            emulation.close();
        }
        body.release();
        super.channelInactive(ctx);
    }
}
