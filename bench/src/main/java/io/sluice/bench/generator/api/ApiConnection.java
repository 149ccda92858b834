package io.sluice.bench.generator.api;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.sluice.bench.generator.ErrorKind;
import io.sluice.bench.generator.LoadCounters;

import java.nio.charset.StandardCharsets;
import java.util.Queue;

/** One keep-alive HTTP/1.1 connection to the server API, one request in flight at a time. */
final class ApiConnection extends SimpleChannelInboundHandler<FullHttpResponse> {

    private final LoadCounters counters;
    private final Queue<ApiConnection> idle;
    private Channel channel;

    ApiConnection(LoadCounters counters, Queue<ApiConnection> idle) {
        this.counters = counters;
        this.idle = idle;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        channel = ctx.channel();
        idle.add(this);
        super.channelActive(ctx);
    }

    void send(Object request) {
        channel.writeAndFlush(request);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
        ByteBuf body = response.content();
        if (!response.status().equals(HttpResponseStatus.OK) || body.toString(StandardCharsets.UTF_8).contains("\"error\"")) {
            counters.error(ErrorKind.PUBLISH_FAILED, response.status() + " " + body.toString(StandardCharsets.UTF_8));
        }
        idle.add(this);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        idle.remove(this);
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        counters.error(ErrorKind.PUBLISH_FAILED, String.valueOf(cause));
        ctx.close();
    }

    void close() {
        if (channel != null) {
            channel.close();
        }
    }
}
