package io.sluice.node.transport;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.sluice.node.context.NodeContext;
import io.sluice.node.client.ClientSession;
import io.sluice.node.protocol.ClientCodec;
import io.sluice.node.protocol.ClientCodecs;
import io.sluice.node.protocol.DisconnectCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Binds a WebSocket to its {@link ClientSession} once the upgrade completes, and feeds it frames. */
final class ClientFrameHandler extends SimpleChannelInboundHandler<WebSocketFrame> {

    static final String PROTOBUF_SUBPROTOCOL = "centrifuge-protobuf";
    static final String JSON_SUBPROTOCOL = "centrifuge-json";

    private static final Logger log = LoggerFactory.getLogger(ClientFrameHandler.class);

    private final NodeContext node;
    private ClientSession session;

    ClientFrameHandler(NodeContext node) {
        this.node = node;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == ConnectionGate.DRAIN) {
            if (session != null) {
                session.disconnect(DisconnectCode.SHUTDOWN);
            } else {
                ctx.close(); // still upgrading: nothing to tell it in a close frame yet
            }
            return;
        }
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete handshake) {
            ClientCodec codec = selectCodec(handshake.selectedSubprotocol(), handshake.requestUri());
            WebSocketTransport transport = new WebSocketTransport(ctx.channel(), codec.binaryFrames(), node.metrics());
            session = new ClientSession(transport, codec, node, forwardedHeaders(node, handshake.requestHeaders()));
            session.start();
        }
        super.userEventTriggered(ctx, evt);
    }

    /** Only the headers some stream backend forwards are kept with the connection. */
    static Map<String, String> forwardedHeaders(NodeContext node, HttpHeaders request) {
        Map<String, String> kept = new HashMap<>();
        for (String name : node.streams().forwardedHeaders()) {
            String value = request.get(name);
            if (value != null) {
                kept.put(name, value);
            }
        }
        return kept.isEmpty() ? Map.of() : kept;
    }

    /** Protobuf by subprotocol or by the {@code cf_protocol} (legacy {@code format}) query parameter. */
    static ClientCodec selectCodec(String subprotocol, String uri) {
        if (PROTOBUF_SUBPROTOCOL.equals(subprotocol)) {
            return ClientCodecs.PROTOBUF;
        }
        var params = new QueryStringDecoder(uri).parameters();
        for (String key : List.of("cf_protocol", "format")) {
            if (params.getOrDefault(key, List.of()).contains("protobuf")) {
                return ClientCodecs.PROTOBUF;
            }
        }
        return ClientCodecs.JSON;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (frame instanceof CloseWebSocketFrame) {
            if (session != null && session.isClosed()) {
                ctx.close(); // The peer's answer to our close frame: the handshake is complete.
            } else {
                ctx.writeAndFlush(frame.retainedDuplicate()).addListener(ChannelFutureListener.CLOSE);
            }
        } else if (session != null && (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame)) {
            session.onFrame(frame.content());
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (session != null) {
            session.onWritabilityChanged();
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (session != null) {
            session.onClosed();
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            // A fragmented message over websocket_message_size_limit: same answer as one big frame.
            ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.MESSAGE_TOO_BIG)).addListener(f -> ctx.close());
        } else {
            log.debug("connection error: {}", cause.toString());
            ctx.close();
        }
    }
}
