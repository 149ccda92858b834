package io.sluice.node.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.sluice.node.context.NodeContext;
import io.sluice.node.config.NodeConfig;
import io.sluice.node.transport.Route.Listener;

/**
 * Decides every request on its head, before a byte of its body is read or a {@code 100 Continue} is
 * sent: route, method, origin, API key, body size ({@link FrontDoorRules}), then the connection caps
 * for client connections ({@link ConnectionGate}). A refused request is answered and its connection
 * ended; an admitted WebSocket upgrade leaves the HTTP checks behind.
 */
final class FrontDoor extends ChannelInboundHandlerAdapter {

    /** The route decided for the request in progress, for the handlers that serve it. */
    static final AttributeKey<Route> ROUTE = AttributeKey.valueOf("sluice.route");

    private final NodeContext node;
    private final Listener listener;
    private final ConnectionGate gate;
    /** Set once a request is refused: whatever the peer still sends is dropped unread. */
    private boolean refused;
    /** The request in progress was answered here: its body, if any, is dropped. */
    private boolean answered;

    FrontDoor(NodeContext node, Listener listener, ConnectionGate gate) {
        this.node = node;
        this.listener = listener;
        this.gate = gate;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (!(msg instanceof HttpRequest head)) {
            if (answered) {
                answered = !(msg instanceof LastHttpContent);
                ReferenceCountUtil.release(msg);
            } else {
                ctx.fireChannelRead(msg);
            }
            return;
        }
        NodeConfig config = node.config().get();
        Route route = Route.of(new QueryStringDecoder(head.uri()).path(), listener, config);
        Verdict verdict = FrontDoorRules.decide(route, head, config);
        if (verdict.isPreflight()) {
            answered = !(msg instanceof LastHttpContent);
            ReferenceCountUtil.release(msg);
            FullHttpResponse response = HttpReplies.response(head, HttpResponseStatus.NO_CONTENT, "text/plain", "");
            Cors.preflight(head, response.headers());
            HttpReplies.respond(ctx, head, response);
            return;
        }
        if (verdict.passes() && route.forBrowsers && route != Route.EMULATION) {
            verdict = gate.admit(ctx.channel(), config.frontDoor());
        }
        if (!verdict.passes()) {
            refused = true;
            node.metrics().frontDoorRefusal(verdict.reason());
            HttpReplies.refuse(ctx, head, verdict.status());
            ReferenceCountUtil.release(msg);
            return;
        }
        ctx.channel().attr(ROUTE).set(route);
        if (route == Route.WEBSOCKET) {
            // From here the client session's own connect deadline and limits govern the socket.
            ctx.pipeline().remove(RequestDeadline.NAME);
            ctx.pipeline().remove(this);
        }
        ctx.fireChannelRead(msg);
    }
}
