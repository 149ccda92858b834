package io.sluice.node.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import io.sluice.node.context.NodeContext;
import io.sluice.node.client.ClientSession;
import io.sluice.node.protocol.ClientCodec;
import io.sluice.node.protocol.ClientCodecs;
import io.sluice.node.protocol.DisconnectCode;
import io.sluice.proto.client.EmulationRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The WebSocket fallbacks on one connection: an HTTP-streaming or SSE request opens a session whose
 * replies stream down the response, and {@code POST /emulation} hands a session its later commands.
 * Wire details as centrifuge-js 5.x speaks them (reference §11).
 */
final class FallbackHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(FallbackHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OCTET_STREAM = "application/octet-stream";

    private final NodeContext node;
    private final EmulatedSessions sessions;
    private ClientSession session;
    private String sessionId;

    FallbackHandler(NodeContext node, EmulatedSessions sessions) {
        this.node = node;
        this.sessions = sessions;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        Route route = ctx.channel().attr(FrontDoor.ROUTE).get();
        if (route != Route.HTTP_STREAM && route != Route.SSE && route != Route.EMULATION) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            switch (route) {
                case HTTP_STREAM -> open(ctx, request, isProtobuf(request) ? ClientCodecs.PROTOBUF : ClientCodecs.JSON,
                        ByteBufUtil.getBytes(request.content()), false);
                case SSE -> open(ctx, request, ClientCodecs.JSON, sseConnect(request), true);
                default -> emulate(ctx, request);
            }
        } finally {
            ReferenceCountUtil.release(request);
        }
    }

    private static boolean isProtobuf(FullHttpRequest request) {
        String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
        return type != null && type.startsWith(OCTET_STREAM);
    }

    /** SSE's connect command: the {@code cf_connect} query parameter (EventSource), or the body of the POST form. */
    private static byte[] sseConnect(FullHttpRequest request) {
        if (request.method().equals(HttpMethod.POST)) {
            return ByteBufUtil.getBytes(request.content());
        }
        List<String> connect = new QueryStringDecoder(request.uri()).parameters().get("cf_connect");
        return connect == null || connect.isEmpty() ? new byte[0] : connect.get(0).getBytes(StandardCharsets.UTF_8);
    }

    /** Starts the response at once (the SDK counts its headers as "open"), then runs the connect. */
    private void open(ChannelHandlerContext ctx, FullHttpRequest request, ClientCodec codec, byte[] connect,
                      boolean sse) {
        if (connect.length == 0) {
            answer(ctx, request, HttpResponseStatus.BAD_REQUEST, sse ? "cf_connect is missing" : "no connect command");
            return;
        }
        HttpResponse response = new DefaultHttpResponse(request.protocolVersion(), HttpResponseStatus.OK);
        HttpHeaders headers = response.headers();
        headers.set(HttpHeaderNames.CONTENT_TYPE, sse ? "text/event-stream; charset=utf-8"
                        : codec.binaryFrames() ? OCTET_STREAM : "application/json")
                .set(HttpHeaderNames.CACHE_CONTROL, "private, no-cache, no-store, must-revalidate, max-age=0")
                .set(HttpHeaderNames.PRAGMA, HttpHeaderValues.NO_CACHE)
                .set(HttpHeaderNames.EXPIRES, "0")
                .set("X-Accel-Buffering", "no");
        HttpUtil.setTransferEncodingChunked(response, true);
        Cors.allow(request, headers);
        ctx.write(response);
        if (sse) {
            ctx.write(new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[] {'\r', '\n'})));
        }
        ctx.flush();

        sessionId = sessions.newId();
        var transport = sse ? new SseTransport(ctx.channel(), codec, sessionId, node.metrics())
                : new HttpStreamTransport(ctx.channel(), codec, sessionId, node.metrics());
        session = new ClientSession(transport, codec, node, ClientFrameHandler.forwardedHeaders(node, request.headers()));
        sessions.add(sessionId, session);
        session.start();
        session.onFrame(Unpooled.wrappedBuffer(connect));
    }

    /** Hands the commands to their session, wherever it is; the SDK does not read the answer. */
    private void emulate(ChannelHandlerContext ctx, FullHttpRequest request) {
        EmulationRequest emulation;
        try {
            emulation = parse(request);
        } catch (IOException e) {
            answer(ctx, request, HttpResponseStatus.BAD_REQUEST, "malformed emulation request");
            return;
        }
        ClientSession target = sessions.get(emulation.getSession());
        String nodeUid = emulation.getNode();
        if (target != null) {
            node.metrics().emulationRequest("local");
            target.receive(emulation.getData().toByteArray());
        } else if (!nodeUid.isEmpty() && !nodeUid.equals(node.identity().uid())) {
            node.metrics().emulationRequest("forwarded");
            // Behind a Service without sticky sessions most of these land on another pod than the session's.
            node.cluster().forwardEmulation(nodeUid, emulation.getSession(), emulation.getData().toByteArray())
                    .whenComplete((handedOn, failure) -> ctx.executor().execute(() -> {
                        if (failure != null) {
                            log.debug("emulation request for node {} not forwarded: {}", nodeUid, failure.toString());
                        }
                        answer(ctx, request, HttpResponseStatus.NO_CONTENT, "");
                    }));
            return;
        } else {
            node.metrics().emulationRequest("unknown");
            log.debug("emulation request for unknown session {}", EmulatedSessions.redacted(emulation.getSession()));
        }
        answer(ctx, request, HttpResponseStatus.NO_CONTENT, "");
    }

    /** JSON: {@code {"session", "node", "data"}} where data is the commands as one string; Protobuf: EmulationRequest. */
    private static EmulationRequest parse(FullHttpRequest request) throws IOException {
        byte[] body = ByteBufUtil.getBytes(request.content());
        if (isProtobuf(request)) {
            return EmulationRequest.parseFrom(body);
        }
        JsonNode json = JSON.readTree(body);
        if (json == null || !json.path("session").isTextual() || !json.path("data").isTextual()) {
            throw new IOException("session and data must be strings");
        }
        return EmulationRequest.newBuilder()
                .setSession(json.get("session").textValue())
                .setNode(json.path("node").asText(""))
                .setData(com.google.protobuf.ByteString.copyFromUtf8(json.get("data").textValue()))
                .build();
    }

    private static void answer(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status, String body) {
        FullHttpResponse response = HttpReplies.response(request, status, "text/plain; charset=utf-8", body);
        Cors.allow(request, response.headers());
        HttpReplies.respond(ctx, request, response);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (session != null) {
            session.onWritabilityChanged();
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == ConnectionGate.DRAIN && session != null) {
            session.disconnect(DisconnectCode.SHUTDOWN);
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    /** The client aborting its request is the client leaving. */
    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (session != null) {
            sessions.remove(sessionId);
            session.onClosed();
        }
        super.channelInactive(ctx);
    }
}
