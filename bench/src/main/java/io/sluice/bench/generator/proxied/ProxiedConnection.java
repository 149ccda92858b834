package io.sluice.bench.generator.proxied;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.concurrent.ScheduledFuture;
import io.sluice.bench.common.Payload;
import io.sluice.bench.common.StreamKind;
import io.sluice.bench.generator.ErrorKind;
import io.sluice.bench.generator.LoadCounters;
import io.sluice.bench.generator.LoadSpec;
import io.sluice.proto.client.Command;
import io.sluice.proto.client.ConnectRequest;
import io.sluice.proto.client.PublishRequest;
import io.sluice.proto.client.Push;
import io.sluice.proto.client.Reply;
import io.sluice.proto.client.SubscribeRequest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One benchmark client on the Protobuf protocol, as an SDK would be: connect, subscribe to its
 * channels, answer server pings, read publications (checking order and recording latency) and, on
 * bidirectional streams, publish at a fixed rate. Runs on its channel's event loop only.
 */
final class ProxiedConnection extends SimpleChannelInboundHandler<WebSocketFrame> {

    private static final int CONNECT_ID = 1;
    private static final int FIRST_SUBSCRIBE_ID = 2;

    private final int index;
    private final LoadSpec spec;
    private final LoadCounters counters;
    private final Runnable settledHook;
    private final ByteString subscribeData;
    private final String[] channels;
    private final long[] expectedSequence;
    private final long[] publishSequence;
    /** {@link System#nanoTime()} of each stream's last message; read by the window check on another thread. */
    private final long[] lastMessage;
    private final boolean[] open;

    private ChannelHandlerContext ctx;
    private int awaitingSubscribes;
    private int openStreams;
    private int nextPublishId;
    private boolean connected;
    private boolean settled;
    private boolean answerPings;
    private boolean lostCounted;
    private volatile boolean closing;
    private ScheduledFuture<?> publishing;

    ProxiedConnection(int index, LoadSpec spec, LoadCounters counters, ByteString subscribeData, Runnable settledHook) {
        this.index = index;
        this.spec = spec;
        this.counters = counters;
        this.subscribeData = subscribeData;
        this.settledHook = settledHook;
        int streams = spec.streamsOn(index);
        this.channels = new String[streams];
        for (int j = 0; j < streams; j++) {
            channels[j] = spec.kind(index, j).channel(index, j);
        }
        this.expectedSequence = new long[streams];
        this.publishSequence = new long[streams];
        this.lastMessage = new long[streams];
        this.open = new boolean[streams];
        this.nextPublishId = FIRST_SUBSCRIBE_ID + streams;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            Command connect = Command.newBuilder().setId(CONNECT_ID).setConnect(ConnectRequest.newBuilder().setName("bench")).build();
            ctx.writeAndFlush(ClientFrames.frame(ctx.alloc(), List.of(connect)));
        } else if (evt == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            failSetup(ErrorKind.CONNECT_FAILED, "WebSocket handshake timed out");
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (frame instanceof CloseWebSocketFrame close) {
            if (!closing) {
                lost(ErrorKind.DISCONNECTED, "closed by the node: " + close.statusCode() + " " + close.reasonText());
                ctx.close();
            }
            // Closing ourselves: the node answered our close frame and now closes the TCP connection.
        } else if (frame instanceof BinaryWebSocketFrame) {
            List<Reply> replies;
            try {
                replies = ClientFrames.replies(frame.content());
            } catch (IOException e) {
                lost(ErrorKind.DISCONNECTED, "undecodable frame: " + e.getMessage());
                ctx.close();
                return;
            }
            for (Reply reply : replies) {
                onReply(reply);
            }
        }
    }

    private void onReply(Reply reply) {
        int id = reply.getId();
        if (id == 0) {
            if (reply.hasPush()) {
                onPush(reply.getPush());
            } else if (answerPings) {
                ctx.writeAndFlush(ClientFrames.pong(ctx.alloc()));
            }
        } else if (id == CONNECT_ID) {
            onConnected(reply);
        } else if (id < FIRST_SUBSCRIBE_ID + channels.length) {
            onSubscribed(id - FIRST_SUBSCRIBE_ID, reply);
        } else if (reply.hasError()) {
            counters.error(ErrorKind.PUBLISH_FAILED, reply.getError().getCode() + " " + reply.getError().getMessage());
        }
    }

    private void onConnected(Reply reply) {
        if (reply.hasError()) {
            failSetup(ErrorKind.CONNECT_REFUSED, reply.getError().getCode() + " " + reply.getError().getMessage());
            ctx.close();
            return;
        }
        connected = true;
        counters.connectionOpened();
        answerPings = reply.getConnect().getPong();
        List<Command> subscribes = new ArrayList<>(channels.length);
        for (int j = 0; j < channels.length; j++) {
            SubscribeRequest.Builder subscribe = SubscribeRequest.newBuilder().setChannel(channels[j]);
            if (spec.kind(index, j).isStream()) {
                subscribe.setData(subscribeData);
            }
            subscribes.add(Command.newBuilder().setId(FIRST_SUBSCRIBE_ID + j).setSubscribe(subscribe).build());
        }
        awaitingSubscribes = channels.length;
        ctx.writeAndFlush(ClientFrames.frame(ctx.alloc(), subscribes));
    }

    private void onSubscribed(int stream, Reply reply) {
        if (reply.hasError()) {
            counters.error(ErrorKind.SUBSCRIBE_REFUSED, reply.getError().getCode() + " " + reply.getError().getMessage());
        } else {
            open[stream] = true;
            openStreams++;
            counters.streamOpened();
        }
        if (--awaitingSubscribes == 0) {
            settle();
            startPublishing();
        }
    }

    private void onPush(Push push) {
        int stream = channels.length == 1 ? 0 : ClientFrames.streamIndex(push.getChannelBytes());
        if (stream < 0 || stream >= channels.length) {
            return;
        }
        if (push.hasPub()) {
            lastMessage[stream] = System.nanoTime();
            if (spec.kind(index, stream).isStream()) {
                expectedSequence[stream] = counters.delivered(push.getPub().getData(), expectedSequence[stream]);
            } else {
                counters.deliveredUnordered(push.getPub().getData());
            }
        } else if (push.hasUnsubscribe() && open[stream]) {
            open[stream] = false;
            openStreams--;
            counters.streamsClosed(1);
            counters.error(ErrorKind.UNSUBSCRIBED, channels[stream] + ": " + push.getUnsubscribe().getCode() + " "
                    + push.getUnsubscribe().getReason());
        }
    }

    private void startPublishing() {
        if (spec.publishRate() <= 0 || openStreams == 0) {
            return;
        }
        long period = (long) (1e9 / spec.publishRate());
        publishing = ctx.executor().scheduleAtFixedRate(this::publish, ThreadLocalRandom.current().nextLong(period),
                period, TimeUnit.NANOSECONDS);
    }

    /** One publication per open bidirectional stream; skipped while the socket is backed up. */
    private void publish() {
        if (!ctx.channel().isWritable()) {
            return;
        }
        List<Command> publications = new ArrayList<>(channels.length);
        for (int j = 0; j < channels.length; j++) {
            if (open[j] && spec.kind(index, j) == StreamKind.SEED_BIDI) {
                byte[] data = Payload.encode(System.nanoTime(), publishSequence[j]++, spec.publishSize());
                publications.add(Command.newBuilder().setId(nextPublishId++).setPublish(PublishRequest.newBuilder()
                        .setChannel(channels[j]).setData(UnsafeByteOperations.unsafeWrap(data))).build());
                counters.published();
            }
        }
        if (!publications.isEmpty()) {
            ctx.writeAndFlush(ClientFrames.frame(ctx.alloc(), publications));
        }
    }

    /** Streams of this connection that got no message since {@code nanos}. */
    int silentSince(long nanos) {
        int silent = 0;
        for (int j = 0; j < channels.length; j++) {
            if (open[j] && lastMessage[j] < nanos) {
                silent++;
            }
        }
        return silent;
    }

    /** The TCP connect itself failed. */
    void connectFailed(Throwable cause) {
        failSetup(ErrorKind.CONNECT_FAILED, String.valueOf(cause));
    }

    /**
     * Starts the WebSocket closing handshake. The node answers and closes the TCP connection first,
     * so the TIME_WAIT state stays on its side: the generator's ephemeral ports (some 28k towards
     * one address) are free again for the next opening.
     *
     * @return the close future, or null when the connection never got a channel
     */
    ChannelFuture close() {
        closing = true;
        if (ctx == null) {
            return null;
        }
        if (ctx.channel().isActive()) {
            ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE));
        }
        return ctx.channel().closeFuture();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (publishing != null) {
            publishing.cancel(false);
        }
        if (connected) {
            counters.connectionClosed();
            counters.streamsClosed(openStreams);
            openStreams = 0;
        }
        lost(ErrorKind.DISCONNECTED, "connection closed");
        failSetup(ErrorKind.CONNECT_FAILED, "connection closed during set-up");
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    /** Counts the loss of an established connection once, unless we are the ones closing. */
    private void lost(ErrorKind kind, String why) {
        if (!closing && settled && !lostCounted) {
            lostCounted = true;
            counters.error(kind, why);
        }
    }

    private void failSetup(ErrorKind kind, String why) {
        if (!settled) {
            counters.error(kind, why);
            lostCounted = true;
            settle();
        }
    }

    private void settle() {
        if (!settled) {
            settled = true;
            settledHook.run();
        }
    }
}
