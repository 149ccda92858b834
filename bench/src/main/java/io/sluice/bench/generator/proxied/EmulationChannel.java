package io.sluice.bench.generator.proxied;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.sluice.bench.generator.ErrorKind;
import io.sluice.bench.generator.LoadCounters;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Queue;

/**
 * A fallback client's keep-alive connection for {@code POST /emulation}, as a browser keeps one beside
 * the streaming request: one request at a time, in order, each answered 204. Opened on the first
 * request and again if the node closed it while idle. Runs on the client's event loop only.
 */
final class EmulationChannel {

    private final Bootstrap bootstrap;
    private final InetSocketAddress remote;
    private final InetSocketAddress source;
    private final LoadCounters counters;
    private final Queue<FullHttpRequest> waiting = new ArrayDeque<>();
    private Channel channel;
    private boolean connecting;
    private boolean inFlight;
    private boolean closed;

    /** @param bootstrap group (the client's event loop), channel type and options; the handler is set here */
    EmulationChannel(Bootstrap bootstrap, InetSocketAddress remote, InetSocketAddress source, LoadCounters counters) {
        this.bootstrap = bootstrap;
        this.remote = remote;
        this.source = source;
        this.counters = counters;
    }

    void post(FullHttpRequest request) {
        if (closed) {
            request.release();
            return;
        }
        waiting.add(request);
        if (channel == null) {
            connect();
        } else {
            sendNext();
        }
    }

    /** Whether a request posted now would not wait behind a backed-up socket. */
    boolean isWritable() {
        return channel == null || channel.isWritable();
    }

    void close() {
        closed = true;
        waiting.forEach(FullHttpRequest::release);
        waiting.clear();
        if (channel != null) {
            channel.close();
        }
    }

    private void connect() {
        if (connecting) {
            return;
        }
        connecting = true;
        Bootstrap one = bootstrap.clone().handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(8192), new Responses());
            }
        });
        (source == null ? one.connect(remote) : one.connect(remote, source)).addListener(done -> {
            connecting = false;
            if (!done.isSuccess()) {
                counters.error(ErrorKind.EMULATION_FAILED, "connect: " + done.cause());
                waiting.forEach(FullHttpRequest::release);
                waiting.clear();
            }
        });
    }

    private void sendNext() {
        if (!inFlight && channel != null && !waiting.isEmpty()) {
            inFlight = true;
            channel.writeAndFlush(waiting.poll());
        }
    }

    /** One connection's answers, in the order of its requests. */
    private final class Responses extends SimpleChannelInboundHandler<FullHttpResponse> {

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            if (closed) {
                ctx.close();
            } else {
                channel = ctx.channel();
                sendNext();
            }
            super.channelActive(ctx);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            inFlight = false;
            if (!response.status().equals(HttpResponseStatus.NO_CONTENT)) {
                counters.error(ErrorKind.EMULATION_FAILED, "answered " + response.status());
            }
            sendNext();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            if (inFlight && !closed) {
                counters.error(ErrorKind.EMULATION_FAILED, "connection closed with a request unanswered");
            }
            channel = null;
            inFlight = false;
            if (!closed && !waiting.isEmpty()) {
                connect();
            }
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
