package io.sluice.node.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.sluice.node.context.NodeContext;
import io.sluice.node.engine.NodeIdentity;
import io.sluice.node.auth.TokenVerifier;
import io.sluice.node.config.NodeConfig;
import io.sluice.node.hub.Hub;
import io.sluice.node.metrics.NodeMetrics;
import io.sluice.node.engine.PresenceManager;
import io.sluice.node.engine.PresenceStats;
import io.sluice.node.protocol.ClientCodecs;
import io.sluice.node.transport.WebSocketTransport;
import io.sluice.node.engine.redis.RedisEngine;
import io.sluice.node.stream.StreamBackends;
import io.sluice.node.testing.Jwt;
import io.sluice.node.testing.RedisProcess;
import io.sluice.proto.client.ClientInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code client_concurrency} against the Redis engine: one frame of 1,400 presence commands never has
 * more presence calls open in Redis than the limit, and all 1,400 are answered in command order. The
 * session runs on a real event loop over Netty's in-process transport, so reading really pauses; the
 * engine's presence calls are counted as they open and complete.
 */
class InFlightLimitTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int COMMANDS = 1400;

    /** Redis presence, counting the calls open at once. */
    private static final class CountingPresence implements PresenceManager {
        private final PresenceManager redis;
        private final AtomicInteger open = new AtomicInteger();
        private final AtomicInteger mostOpen = new AtomicInteger();
        private final AtomicInteger calls = new AtomicInteger();

        CountingPresence(PresenceManager redis) {
            this.redis = redis;
        }

        private <T> CompletableFuture<T> counted(CompletableFuture<T> call) {
            calls.incrementAndGet();
            mostOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
            return call.whenComplete((value, failure) -> open.decrementAndGet());
        }

        @Override
        public CompletableFuture<Void> add(String channel, ClientInfo info) {
            return redis.add(channel, info);
        }

        @Override
        public CompletableFuture<Void> remove(String channel, String clientId) {
            return redis.remove(channel, clientId);
        }

        @Override
        public CompletableFuture<Map<String, ClientInfo>> presence(String channel) {
            return counted(redis.presence(channel));
        }

        @Override
        public CompletableFuture<PresenceStats> stats(String channel) {
            return counted(redis.stats(channel));
        }

        @Override
        public void close() {
            redis.close();
        }
    }

    private RedisProcess redis;
    private RedisEngine engine;
    private NodeMetrics metrics;
    private StreamBackends streams;
    private DefaultEventLoopGroup loops;
    private CountingPresence presence;
    private Channel client;
    private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();

    private void start(String clientConcurrency) throws Exception {
        redis = RedisProcess.start();
        NodeConfig config = SessionHarness.config("\"engine\": \"redis\", \"redis_address\": \"" + redis.url() + "\","
                + clientConcurrency
                + " \"namespaces\": [{\"name\": \"chat\", \"presence\": true, \"allow_presence_for_client\": true}]");
        NodeIdentity identity = NodeIdentity.create("in-flight");
        engine = RedisEngine.create(config, identity);
        presence = new CountingPresence(engine.presence());
        Hub hub = new Hub(engine.broker());
        metrics = new NodeMetrics();
        streams = new StreamBackends(config, metrics.streams());
        NodeContext node = new NodeContext(streams::config, new TokenVerifier(config.token(), config.subscriptionToken(), Clock.systemUTC()), hub,
                engine.broker(), presence, engine.cluster(), streams, metrics, identity, Clock.systemUTC());
        engine.start(hub);

        loops = new DefaultEventLoopGroup(2);
        LocalAddress address = new LocalAddress(InFlightLimitTest.class);
        new ServerBootstrap().group(loops).channel(LocalServerChannel.class)
                .childHandler(new ChannelInitializer<LocalChannel>() {
                    @Override
                    protected void initChannel(LocalChannel socket) {
                        socket.pipeline().addLast(new SimpleChannelInboundHandler<TextWebSocketFrame>() {
                            private ClientSession session;

                            @Override
                            public void channelActive(ChannelHandlerContext ctx) {
                                session = new ClientSession(new WebSocketTransport(ctx.channel(), false, metrics), ClientCodecs.JSON, node, Map.of());
                                session.start();
                            }

                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
                                session.onFrame(frame.content());
                            }

                            @Override
                            public void channelInactive(ChannelHandlerContext ctx) {
                                session.onClosed();
                            }
                        });
                    }
                }).bind(address).sync();
        client = new Bootstrap().group(loops).channel(LocalChannel.class)
                .handler(new SimpleChannelInboundHandler<TextWebSocketFrame>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) throws Exception {
                        for (String line : frame.text().split("\n")) {
                            received.add(JSON.readTree(line));
                        }
                    }
                }).connect(address).sync().channel();
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close().sync();
        }
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        streams.close();
        engine.close();
        metrics.close();
        redis.close();
    }

    private List<JsonNode> sendPresenceFrame() throws Exception {
        client.writeAndFlush(new TextWebSocketFrame("{\"id\":1,\"connect\":{\"token\":\"" + Jwt.forUser("ann", 600) + "\"}}"));
        assertThat(received.poll(5, TimeUnit.SECONDS).has("connect")).isTrue();
        StringBuilder frame = new StringBuilder();
        for (int id = 2; id < 2 + COMMANDS; id++) {
            frame.append(id == 2 ? "" : "\n").append("{\"id\":").append(id).append(",\"presence\":{\"channel\":\"chat:a\"}}");
        }
        client.writeAndFlush(new TextWebSocketFrame(frame.toString()));
        List<JsonNode> replies = new ArrayList<>();
        for (int i = 0; i < COMMANDS; i++) {
            JsonNode reply = received.poll(10, TimeUnit.SECONDS);
            assertThat(reply).as("reply " + i + " of " + COMMANDS).isNotNull();
            replies.add(reply);
        }
        return replies;
    }

    private static void assertAnsweredInOrder(List<JsonNode> replies) {
        for (int i = 0; i < COMMANDS; i++) {
            assertThat(replies.get(i).path("id").asInt()).isEqualTo(i + 2);
            assertThat(replies.get(i).has("presence")).as(replies.get(i).toString()).isTrue();
        }
    }

    @Test
    void theDefaultLimitBoundsEngineCallsAndEveryCommandIsAnsweredInOrder() throws Exception {
        start("");
        List<JsonNode> replies = sendPresenceFrame();
        assertAnsweredInOrder(replies);
        assertThat(presence.calls.get()).isEqualTo(COMMANDS);
        assertThat(presence.mostOpen.get()).as("presence calls open at once").isBetween(1, 64);
    }

    @Test
    void zeroMeansOneCommandAtATimeAsInCentrifugo() throws Exception {
        start("\"client_concurrency\": 0,");
        List<JsonNode> replies = sendPresenceFrame();
        assertAnsweredInOrder(replies);
        assertThat(presence.mostOpen.get()).as("presence calls open at once").isEqualTo(1);
    }
}
