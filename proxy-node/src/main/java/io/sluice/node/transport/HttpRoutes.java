package io.sluice.node.transport;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.sluice.node.context.NodeContext;
import io.sluice.node.api.ServerApi;

import java.util.function.BooleanSupplier;

/**
 * Serves the plain HTTP routes {@link FrontDoor} admitted: {@code GET /health} (the process serves),
 * {@code GET /ready} (and can take clients: engine reachable, not draining), {@code GET /metrics}
 * and {@code POST /api/<method>} (plus the legacy {@code POST /api} with {@code method}/{@code params}).
 */
@ChannelHandler.Sharable
final class HttpRoutes extends SimpleChannelInboundHandler<FullHttpRequest> {

    private final NodeContext node;
    private final ServerApi api;
    private final BooleanSupplier ready;

    HttpRoutes(NodeContext node, ServerApi api, BooleanSupplier ready) {
        this.node = node;
        this.api = api;
        this.ready = ready;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        switch (ctx.channel().attr(FrontDoor.ROUTE).get()) {
            case HEALTH -> HttpReplies.respond(ctx, request, HttpResponseStatus.OK, "application/json", "{}");
            case READY -> HttpReplies.respond(ctx, request, ready.getAsBoolean() ? HttpResponseStatus.OK
                    : HttpResponseStatus.SERVICE_UNAVAILABLE, "application/json", "{}");
            case METRICS -> HttpReplies.respond(ctx, request, HttpResponseStatus.OK,
                    "text/plain; version=0.0.4; charset=utf-8", node.metrics().scrape());
            case API -> serveApi(ctx, request);
            default -> HttpReplies.respond(ctx, request, HttpResponseStatus.NOT_FOUND, "text/plain", "not found");
        }
    }

    private void serveApi(ChannelHandlerContext ctx, FullHttpRequest request) {
        node.metrics().apiCall();
        String rest = new QueryStringDecoder(request.uri()).path().substring(Route.API_PREFIX.length());
        String method = rest.startsWith("/") ? rest.substring(1) : rest;
        byte[] body = ByteBufUtil.getBytes(request.content());
        api.handle(method, body).whenComplete((response, failure) -> ctx.executor().execute(() -> {
            if (failure != null) {
                HttpReplies.respond(ctx, request, HttpResponseStatus.INTERNAL_SERVER_ERROR, "text/plain",
                        "internal server error");
            } else {
                HttpReplies.respond(ctx, request, HttpResponseStatus.valueOf(response.status()),
                        response.contentType(), response.body());
            }
        }));
    }
}
