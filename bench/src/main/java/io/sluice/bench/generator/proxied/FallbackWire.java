package io.sluice.bench.generator.proxied;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.google.protobuf.ByteString;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.sluice.bench.common.Json;
import io.sluice.proto.client.Command;
import io.sluice.proto.client.EmulationRequest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What HTTP-streaming and SSE send and read, as centrifuge-js does (reference §11): the request that
 * opens the stream and carries the connect, the body the replies stream in, and the
 * {@code POST /emulation} request for every later command.
 */
enum FallbackWire {

    /** {@code POST /connection/http_stream}, Protobuf: varint-delimited commands in, replies out. */
    HTTP_STREAM {
        @Override
        FullHttpRequest open(String host, Command connect, ByteBufAllocator alloc) {
            return request(HttpMethod.POST, "/connection/http_stream", host, OCTET_STREAM,
                    ClientFrames.delimited(alloc, List.of(connect)));
        }

        @Override
        ResponseBody body() {
            return ResponseBody.delimited();
        }

        @Override
        FullHttpRequest emulation(String host, String session, String node, List<Command> commands, ByteBufAllocator alloc) {
            ByteBuf data = ClientFrames.delimited(alloc, commands);
            try {
                EmulationRequest request = EmulationRequest.newBuilder().setSession(session).setNode(node)
                        .setData(ByteString.copyFrom(data.nioBuffer())).build();
                return request(HttpMethod.POST, EMULATION, host, OCTET_STREAM, Unpooled.wrappedBuffer(request.toByteArray()));
            } finally {
                data.release();
            }
        }
    },

    /** {@code GET /connection/sse?cf_connect=...}, JSON: one {@code data:} event per reply. */
    SSE {
        @Override
        FullHttpRequest open(String host, Command connect, ByteBufAllocator alloc) {
            String query = URLEncoder.encode(JsonWire.commands(List.of(connect)), StandardCharsets.UTF_8);
            return request(HttpMethod.GET, "/connection/sse?cf_connect=" + query, host, null, Unpooled.EMPTY_BUFFER);
        }

        @Override
        ResponseBody body() {
            return ResponseBody.eventStream();
        }

        /** The commands as one JSON string, newline-joined, in {@code data}. */
        @Override
        FullHttpRequest emulation(String host, String session, String node, List<Command> commands, ByteBufAllocator alloc) {
            Map<String, String> body = new LinkedHashMap<>();
            body.put("session", session);
            body.put("node", node);
            body.put("data", JsonWire.commands(commands));
            try {
                return request(HttpMethod.POST, EMULATION, host, HttpHeaderValues.APPLICATION_JSON.toString(),
                        Unpooled.wrappedBuffer(Json.MAPPER.writeValueAsBytes(body)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    };

    private static final String OCTET_STREAM = "application/octet-stream";
    private static final String EMULATION = "/emulation";

    /** The request that opens the stream, with the connect command in it; {@code host} is host:port. */
    abstract FullHttpRequest open(String host, Command connect, ByteBufAllocator alloc);

    /** A decoder for the opened stream's body. */
    abstract ResponseBody body();

    /** Commands after the connect, for the session the connect reply named. */
    abstract FullHttpRequest emulation(String host, String session, String node, List<Command> commands,
                                       ByteBufAllocator alloc);

    private static FullHttpRequest request(HttpMethod method, String uri, String host, String contentType, ByteBuf body) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri, body);
        request.headers().set(HttpHeaderNames.HOST, host);
        if (contentType != null) {
            request.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType)
                    .set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        }
        return request;
    }
}
