package io.sluice.node.transport;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Every HTTP socket is on a clock until it is upgraded: a new socket must deliver a complete request
 * head within {@code readHeaderMillis}, and a request's body within as long again; a keep-alive
 * connection may wait {@code idleMillis} for its next request. When the clock runs out the socket is
 * closed with nothing written (the peer never finished asking). The WebSocket upgrade removes it.
 */
final class RequestDeadline extends ChannelDuplexHandler {

    static final String NAME = "request-deadline";

    private final long readHeaderMillis;
    private final long idleMillis;
    private final Consumer<String> onExpired;
    private ScheduledFuture<?> timer;
    /** Requests fully received whose response has not been fully written; the idle clock waits for 0. */
    private int unanswered;

    RequestDeadline(long readHeaderMillis, long idleMillis, Consumer<String> onExpired) {
        this.readHeaderMillis = readHeaderMillis;
        this.idleMillis = idleMillis;
        this.onExpired = onExpired;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        arm(ctx, readHeaderMillis, "request head");
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest) {
            arm(ctx, readHeaderMillis, "request body");
        }
        if (msg instanceof LastHttpContent) {
            unanswered++;
            cancel();
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof LastHttpContent) {
            promise = promise.unvoid();
            promise.addListener(f -> {
                if (--unanswered <= 0 && f.isSuccess()) {
                    unanswered = 0;
                    arm(ctx, idleMillis, "next request");
                }
            });
        }
        ctx.write(msg, promise);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    private void arm(ChannelHandlerContext ctx, long millis, String awaited) {
        cancel();
        timer = ctx.executor().schedule(() -> {
            onExpired.accept(awaited);
            ctx.close();
        }, millis, TimeUnit.MILLISECONDS);
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
