package io.sluice.bench.generator.proxied;

import com.google.protobuf.ByteString;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.ReferenceCountUtil;
import io.sluice.bench.generator.ErrorKind;
import io.sluice.bench.generator.LoadCounters;
import io.sluice.bench.generator.LoadSpec;
import io.sluice.proto.client.Command;
import io.sluice.proto.client.Reply;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** A client on the WebSocket, Protobuf protocol: one binary frame per batch of commands or replies. */
final class WebSocketConnection extends ProxiedConnection {

    private static final String SUBPROTOCOL = "centrifuge-protobuf";
    private static final int MAX_FRAME = 1 << 20;

    private final URI uri;

    WebSocketConnection(int index, LoadSpec spec, LoadCounters counters, ByteString subscribeData, Runnable settledHook) {
        super(index, spec, counters, subscribeData, settledHook);
        this.uri = URI.create("ws://" + spec.host() + ":" + spec.port() + "/connection/websocket");
    }

    @Override
    void initPipeline(ChannelPipeline pipeline) {
        WebSocketClientProtocolConfig handshake = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri)
                .subprotocol(SUBPROTOCOL)
                .maxFramePayloadLength(MAX_FRAME)
                .handshakeTimeoutMillis(15_000)
                // Close frames are ours to count: a close from the node is a disconnect.
                .handleCloseFrames(false)
                .build();
        pipeline.addLast(new HttpClientCodec(), new HttpObjectAggregator(8192),
                new WebSocketClientProtocolHandler(handshake), this);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            ctx.writeAndFlush(frame(List.of(connectCommand())));
        } else if (evt == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            failSetup(ErrorKind.CONNECT_FAILED, "WebSocket handshake timed out");
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof CloseWebSocketFrame close) {
                if (!isClosing()) {
                    lost(ErrorKind.DISCONNECTED, "closed by the node: " + close.statusCode() + " " + close.reasonText());
                    ctx.close();
                }
                // Closing ourselves: the node answered our close frame and now closes the TCP connection.
            } else if (msg instanceof BinaryWebSocketFrame frame) {
                List<Reply> replies = new ArrayList<>(1);
                try {
                    ClientFrames.readReplies(frame.content(), replies);
                    if (frame.content().isReadable()) {
                        throw new IOException("a frame ends inside a reply");
                    }
                } catch (IOException e) {
                    lost(ErrorKind.DISCONNECTED, "undecodable frame: " + e.getMessage());
                    ctx.close();
                    return;
                }
                onReplies(replies);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    void send(List<Command> commands) {
        ctx.writeAndFlush(frame(commands));
    }

    @Override
    boolean canSend() {
        return ctx.channel().isWritable();
    }

    private BinaryWebSocketFrame frame(List<Command> commands) {
        return new BinaryWebSocketFrame(ClientFrames.delimited(ctx.alloc(), commands));
    }

    /**
     * Starts the WebSocket closing handshake. The node answers and closes the TCP connection first,
     * so the TIME_WAIT state stays on its side: the generator's ephemeral ports (some 28k towards
     * one address) are free again for the next opening.
     */
    @Override
    ChannelFuture leave() {
        if (ctx.channel().isActive()) {
            ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE));
        }
        return ctx.channel().closeFuture();
    }
}
