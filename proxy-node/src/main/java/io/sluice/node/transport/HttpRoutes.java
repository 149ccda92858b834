package io.sluice.node.transport;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.sluice.node.NodeContext;
import io.sluice.node.api.ApiAuth;
import io.sluice.node.api.ServerApi;

import java.nio.charset.StandardCharsets;

/**
 * Plain HTTP routes: {@code GET /health}, {@code GET /metrics} and {@code POST /api/<method>}
 * (plus the legacy {@code POST /api} with {@code method}/{@code params}).
 */
@ChannelHandler.Sharable
final class HttpRoutes extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final String API_PREFIX = "/api";

    private final NodeContext node;
    private final ServerApi api;

    HttpRoutes(NodeContext node, ServerApi api) {
        this.node = node;
        this.api = api;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path = uri.path();
        if (path.equals("/health")) {
            respond(ctx, request, HttpResponseStatus.OK, "application/json", "{}");
        } else if (path.equals("/metrics")) {
            respond(ctx, request, HttpResponseStatus.OK, "text/plain; version=0.0.4; charset=utf-8",
                    node.metrics().scrape());
        } else if (path.equals(API_PREFIX) || path.startsWith(API_PREFIX + "/")) {
            serveApi(ctx, request, uri, path.substring(API_PREFIX.length()));
        } else {
            respond(ctx, request, HttpResponseStatus.NOT_FOUND, "text/plain", "not found");
        }
    }

    private void serveApi(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri, String rest) {
        if (!request.method().equals(HttpMethod.POST)) {
            respond(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain", "method not allowed");
            return;
        }
        var cfg = node.config().get();
        if (!ApiAuth.authorized(cfg.apiKey(), cfg.apiInsecure(), request.headers(), uri.parameters())) {
            respond(ctx, request, HttpResponseStatus.UNAUTHORIZED, "text/plain", "");
            return;
        }
        node.metrics().apiCall();
        String method = rest.startsWith("/") ? rest.substring(1) : rest;
        byte[] body = ByteBufUtil.getBytes(request.content());
        api.handle(method, body).whenComplete((response, failure) -> ctx.executor().execute(() -> {
            if (failure != null) {
                respond(ctx, request, HttpResponseStatus.INTERNAL_SERVER_ERROR, "text/plain", "internal server error");
            } else {
                respond(ctx, request, HttpResponseStatus.valueOf(response.status()), response.contentType(), response.body());
            }
        }));
    }

    private static void respond(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status,
                                String contentType, String body) {
        FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(), status,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        HttpUtil.setContentLength(response, response.content().readableBytes());
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(response);
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
