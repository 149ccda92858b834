package io.sluice.bench.generator.api;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.sluice.bench.common.Payload;
import io.sluice.bench.generator.LoadCounters;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Publishes through a node's {@code POST /api/publish} at a fixed rate, over a few keep-alive
 * connections. The send time goes into each payload, so subscribers on another node measure the
 * whole path: server API, engine, delivery. When every connection is busy the publisher falls
 * behind rather than queueing; the achieved rate is reported.
 */
public final class ApiPublisher implements AutoCloseable {

    private static final int CONNECTIONS = 32;

    private final PublishSpec spec;
    private final LoadCounters counters;
    private final EventLoopGroup group;
    private final Queue<ApiConnection> idle = new ConcurrentLinkedQueue<>();
    private final List<ApiConnection> connections = new ArrayList<>();
    private volatile boolean running = true;
    private Thread pacer;

    public ApiPublisher(PublishSpec spec, LoadCounters counters, EventLoopGroup group) {
        this.spec = spec;
        this.counters = counters;
        this.group = group;
    }

    public void start() throws InterruptedException {
        Class<? extends Channel> channelType = Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class;
        for (int i = 0; i < CONNECTIONS; i++) {
            ApiConnection connection = new ApiConnection(counters, idle);
            connections.add(connection);
            new Bootstrap().group(group).channel(channelType).option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(64 * 1024), connection);
                        }
                    })
                    .connect(spec.host(), spec.port()).sync();
        }
        pacer = new Thread(this::pace, "api-publisher");
        pacer.setDaemon(true);
        pacer.start();
    }

    private void pace() {
        long started = System.nanoTime();
        long sent = 0;
        long burst = Math.max(1, (long) (spec.rate() / 10));
        while (running) {
            long due = (long) ((System.nanoTime() - started) * spec.rate() / 1e9);
            if (due - sent > burst) {
                // After a stall fire at most a tenth of a second's worth; the rest is given up, by moving
                // the schedule rather than skipping sequence numbers.
                started += (long) ((due - sent - burst) * 1e9 / spec.rate());
                due = sent + burst;
            }
            while (sent < due) {
                ApiConnection connection = idle.poll();
                if (connection == null) {
                    break;
                }
                connection.send(request(sent++));
                counters.published();
            }
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
        }
    }

    private FullHttpRequest request(long sequence) {
        byte[] payload = Payload.encode(System.nanoTime(), sequence / spec.channels(), spec.size());
        byte[] head = ("{\"channel\":\"" + spec.channel(sequence) + "\",\"data\":").getBytes(StandardCharsets.US_ASCII);
        ByteBuf body = Unpooled.wrappedBuffer(head, payload, new byte[] {'}'});
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/api/publish", body);
        request.headers()
                .set(HttpHeaderNames.HOST, spec.host() + ":" + spec.port())
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                .set("X-API-Key", spec.apiKey());
        return request;
    }

    @Override
    public void close() {
        running = false;
        if (pacer != null) {
            pacer.interrupt();
        }
        connections.forEach(ApiConnection::close);
    }
}
