package io.sluice.node.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Writing whole HTTP responses: answers that keep the connection alive, and refusals that end it. */
final class HttpReplies {
    private HttpReplies() {
    }

    /**
     * How long a refused socket stays half-closed before it is closed. Closing a socket whose peer is
     * still sending resets it, and a reset can destroy the response before the peer reads it.
     */
    private static final long LINGER_MILLIS = 500;

    static void respond(ChannelHandlerContext ctx, HttpRequest request, HttpResponseStatus status,
                        String contentType, String body) {
        respond(ctx, request, response(request, status, contentType, body));
    }

    static void respond(ChannelHandlerContext ctx, HttpRequest request, FullHttpResponse response) {
        if (HttpUtil.isKeepAlive(request)) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(response);
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /**
     * Answers {@code status} and ends the connection without reading what the peer may still be
     * sending: the write side is shut, reading stops (the rest stays in the kernel's buffers), and the
     * socket closes shortly after.
     */
    static void refuse(ChannelHandlerContext ctx, HttpRequest request, HttpResponseStatus status) {
        FullHttpResponse response = response(request, status, "text/plain; charset=utf-8", status.reasonPhrase());
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        Channel channel = ctx.channel();
        channel.config().setAutoRead(false);
        ctx.writeAndFlush(response).addListener(written -> {
            if (channel instanceof DuplexChannel duplex && written.isSuccess()) {
                duplex.shutdownOutput();
            }
            channel.eventLoop().schedule(() -> channel.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
        });
    }

    static FullHttpResponse response(HttpRequest request, HttpResponseStatus status, String contentType,
                                             String body) {
        FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(), status,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        HttpUtil.setContentLength(response, response.content().readableBytes());
        return response;
    }
}
