package io.sluice.bench.generator.proxied;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.util.concurrent.ScheduledFuture;
import io.sluice.bench.common.Payload;
import io.sluice.bench.common.StreamKind;
import io.sluice.bench.generator.ErrorKind;
import io.sluice.bench.generator.LoadCounters;
import io.sluice.bench.generator.LoadSpec;
import io.sluice.proto.client.Command;
import io.sluice.proto.client.ConnectRequest;
import io.sluice.proto.client.ConnectResult;
import io.sluice.proto.client.PublishRequest;
import io.sluice.proto.client.Push;
import io.sluice.proto.client.Reply;
import io.sluice.proto.client.SubscribeRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One benchmark client, as an SDK would be: connect, subscribe to its channels, answer server pings,
 * read publications (checking order and recording latency) and, on bidirectional streams, publish at
 * a fixed rate. What differs between transports (how the connect and later commands travel, how
 * replies arrive, how the client leaves) is the subclass's. Runs on its channel's event loop only.
 */
abstract class ProxiedConnection extends ChannelInboundHandlerAdapter {

    private static final int CONNECT_ID = 1;
    private static final int FIRST_SUBSCRIBE_ID = 2;
    /** The answer to a server ping (an empty reply) is an empty command. */
    private static final Command PONG = Command.getDefaultInstance();

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

    protected ChannelHandlerContext ctx;
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

    /** Adds the transport's handlers, this one last, to a new connection's pipeline. */
    abstract void initPipeline(ChannelPipeline pipeline);

    /** Sends commands after the connect. */
    abstract void send(List<Command> commands);

    /** Whether {@link #send} would not queue behind a backed-up socket. */
    abstract boolean canSend();

    /**
     * Leaves, and returns the future of the connection's closing.
     *
     * @return null when the connection never got a channel
     */
    abstract ChannelFuture leave();

    /** The connect reply arrived (a fallback learns its session from it). */
    void connected(ConnectResult result) {
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    static Command connectCommand() {
        return Command.newBuilder().setId(CONNECT_ID).setConnect(ConnectRequest.newBuilder().setName("bench")).build();
    }

    final void onReplies(List<Reply> replies) {
        for (Reply reply : replies) {
            onReply(reply);
        }
    }

    private void onReply(Reply reply) {
        int id = reply.getId();
        if (id == 0) {
            if (reply.hasPush()) {
                onPush(reply.getPush());
            } else if (answerPings) {
                send(List.of(PONG));
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
        connected(reply.getConnect());
        List<Command> subscribes = new ArrayList<>(channels.length);
        for (int j = 0; j < channels.length; j++) {
            SubscribeRequest.Builder subscribe = SubscribeRequest.newBuilder().setChannel(channels[j]);
            if (spec.kind(index, j).isStream()) {
                subscribe.setData(subscribeData);
            }
            subscribes.add(Command.newBuilder().setId(FIRST_SUBSCRIBE_ID + j).setSubscribe(subscribe).build());
        }
        awaitingSubscribes = channels.length;
        send(subscribes);
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
        if (push.hasDisconnect()) {
            lost(ErrorKind.DISCONNECTED, "disconnected by the node: " + push.getDisconnect().getCode() + " "
                    + push.getDisconnect().getReason());
            return;
        }
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
        if (!canSend()) {
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
            send(publications);
        }
    }

    /** Streams of this connection that got no message since {@code nanos}. */
    final int silentSince(long nanos) {
        int silent = 0;
        for (int j = 0; j < channels.length; j++) {
            if (open[j] && lastMessage[j] < nanos) {
                silent++;
            }
        }
        return silent;
    }

    /** The TCP connect itself failed. */
    final void connectFailed(Throwable cause) {
        failSetup(ErrorKind.CONNECT_FAILED, String.valueOf(cause));
    }

    /** Leaves the node: from now on the connection's end is ours, not an error. */
    final ChannelFuture close() {
        closing = true;
        return ctx == null ? null : leave();
    }

    final boolean isClosing() {
        return closing;
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
    final void lost(ErrorKind kind, String why) {
        if (!closing && settled && !lostCounted) {
            lostCounted = true;
            counters.error(kind, why);
        }
    }

    final void failSetup(ErrorKind kind, String why) {
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

    final LoadCounters counters() {
        return counters;
    }
}
