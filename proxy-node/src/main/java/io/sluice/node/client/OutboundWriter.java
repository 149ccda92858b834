package io.sluice.node.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.concurrent.ScheduledFuture;
import io.sluice.node.config.NodeConfig;
import io.sluice.node.hub.PushFrame;
import io.sluice.node.metrics.NodeMetrics;
import io.sluice.node.protocol.ClientCodec;
import io.sluice.proto.client.Reply;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Everything a session sends its client, whatever the transport: replies in command order with the
 * pushes held behind them, stream messages batched per event-loop pass, each batch encoded once; and
 * the slow-client rule. Lives on the connection's event loop; after {@link #close} it writes nothing.
 */
final class OutboundWriter {

    private final ClientTransport transport;
    private final Channel channel;
    private final ClientCodec codec;
    private final NodeMetrics metrics;
    private final Supplier<NodeConfig> config;
    /** The client does not keep up: {@code client_queue_max_size} passed, or unwritable too long (3008). */
    private final Runnable onTooSlow;
    /** The transport takes writes again: the streams its backpressure paused may fetch more. */
    private final Runnable onWritable;
    /** Stream messages waiting for the end of this event-loop pass ({@link #batch}). */
    private final List<Reply> batched = new ArrayList<>();
    /** Bytes of pushes held until their subscription's reply is written ({@link Subscription#heldPushes}). */
    private int heldBytes;
    private ScheduledFuture<?> unwritableTimer;
    private boolean closed;

    OutboundWriter(ClientTransport transport, ClientCodec codec, NodeMetrics metrics, Supplier<NodeConfig> config,
                   Runnable onTooSlow, Runnable onWritable) {
        this.transport = transport;
        this.channel = transport.channel();
        this.codec = codec;
        this.metrics = metrics;
        this.config = config;
        this.onTooSlow = onTooSlow;
        this.onWritable = onWritable;
    }

    /** Replies and pushes in one frame, now (after the batched stream messages, so nothing overtakes them). */
    void write(List<Reply> frame) {
        if (frame.isEmpty() || closed) {
            return;
        }
        for (Reply reply : frame) {
            if (reply.hasError()) {
                metrics.replyError(reply.getError().getCode());
            }
        }
        writeAfterBatch(codec.encode(channel.alloc(), frame));
    }

    /** The replies now due, in command order, each followed by the pushes held behind it, in one frame. */
    void writeDue(List<ReplyOrder.Slot> due) {
        List<Reply> frame = new ArrayList<>();
        for (ReplyOrder.Slot slot : due) {
            frame.add(slot.reply());
            for (Subscription sub : slot.releases()) {
                frame.addAll(sub.heldPushes);
                heldBytes -= sub.heldBytes;
                sub.heldPushes = null;
                sub.heldBytes = 0;
            }
        }
        write(frame);
    }

    /** A push for {@code sub}: held while its reply waits, else written now. */
    void push(Subscription sub, Reply push) {
        if (!holdWhileReplyWaits(sub, push)) {
            write(List.of(push));
        }
    }

    /** A hub frame for {@code sub}, encoded once for every subscriber of this codec. */
    void push(Subscription sub, PushFrame frame) {
        if (!holdWhileReplyWaits(sub, frame.reply())) {
            writeAfterBatch(Unpooled.wrappedBuffer(frame.bytesFor(codec)));
        }
    }

    /**
     * A stream's publication or message joins the frame that goes out at the end of this event-loop
     * pass: a burst of stream messages costs one frame (one length-prefixed reply after another, or
     * newline-joined JSON) instead of one each, as Centrifugo's writer merges them too.
     */
    void batch(Reply push) {
        if (batched.isEmpty()) {
            channel.eventLoop().execute(this::flush);
        }
        batched.add(push);
    }

    /** A stream's publication for {@code sub}: held while its reply waits, else {@link #batch batched}. */
    void batch(Subscription sub, Reply push) {
        if (!holdWhileReplyWaits(sub, push)) {
            batch(push);
        }
    }

    /** Writes the batched stream messages now: before a disconnect, so what was relayed still goes first. */
    void flush() {
        if (batched.isEmpty()) {
            return;
        }
        if (closed) {
            batched.clear();
            return;
        }
        List<Reply> batch = List.copyOf(batched);
        batched.clear();
        send(codec.encode(channel.alloc(), batch));
    }

    /** Until {@code slot}'s reply is on the wire, pushes for {@code sub} wait behind it ({@link #writeDue}). */
    void holdUntilWritten(Subscription sub, ReplyOrder.Slot slot) {
        sub.heldPushes = new ArrayList<>();
        slot.releases(sub);
    }

    /**
     * Holds a push for {@code sub} while its subscribe (or connect) reply waits for earlier replies, so
     * the SDK never sees a publication before it knows the subscription; false when nothing waits.
     * What a connection holds counts against {@code client_queue_max_size}.
     */
    private boolean holdWhileReplyWaits(Subscription sub, Reply push) {
        if (sub.heldPushes == null) {
            return false;
        }
        sub.heldPushes.add(push);
        int size = push.getSerializedSize();
        sub.heldBytes += size;
        heldBytes += size;
        if (heldBytes > config.get().clientQueueMaxSize()) {
            onTooSlow.run();
        }
        return true;
    }

    private void writeAfterBatch(ByteBuf payload) {
        flush();
        send(payload);
    }

    private void send(ByteBuf payload) {
        if (closed) {
            payload.release();
            return;
        }
        transport.send(payload);
        if (queuedBytes() > config.get().clientQueueMaxSize()) {
            onTooSlow.run();
        }
    }

    /** Bytes written to the transport and not yet taken by the peer, from Netty's public watermark API. */
    private long queuedBytes() {
        WriteBufferWaterMark marks = channel.config().getWriteBufferWaterMark();
        return channel.isWritable()
                ? marks.high() - channel.bytesBeforeUnwritable()
                : marks.low() + channel.bytesBeforeWritable();
    }

    /**
     * A transport that stays unwritable for {@code websocket_write_timeout} belongs to a client that
     * does not read: too slow. Writable again, the streams may fetch more.
     */
    void onWritabilityChanged() {
        if (closed) {
            return;
        }
        if (channel.isWritable()) {
            cancelUnwritableTimer();
            onWritable.run();
        } else if (unwritableTimer == null) {
            unwritableTimer = channel.eventLoop().schedule(() -> {
                unwritableTimer = null;
                if (!channel.isWritable()) {
                    onTooSlow.run();
                }
            }, config.get().websocketWriteTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** The session is over: nothing more goes out. */
    void close() {
        closed = true;
        cancelUnwritableTimer();
        batched.clear();
    }

    private void cancelUnwritableTimer() {
        if (unwritableTimer != null) {
            unwritableTimer.cancel(false);
            unwritableTimer = null;
        }
    }
}
