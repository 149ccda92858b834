package io.sluice.node.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.sluice.node.protocol.DisconnectCode;

/**
 * What a {@link ClientSession} runs on: a WebSocket, an HTTP-streaming response or an SSE stream.
 * The session never knows which, except by {@link #name()}, which backends are told. Every method is
 * called on {@link #channel()}'s event loop.
 */
public interface ClientTransport {

    /** Centrifugo's name for the transport: {@code websocket}, {@code http_stream} or {@code sse}. */
    String name();

    /**
     * The id that {@code POST /emulation} requests name this connection by when its later commands
     * come that way (the connect reply tells the client, with the node's id); null for a WebSocket.
     */
    String session();

    /** The connection's channel: its event loop runs the session, its writability paces the streams. */
    Channel channel();

    /** Writes replies the session's codec encoded as one batch, framed as this transport frames them. */
    void send(ByteBuf replies);

    /** Whether to read more from the client now (the session stops reading while commands pile up). */
    void setReading(boolean reading);

    /** Tells the client {@code code} the way this transport can, then ends the connection. */
    void close(DisconnectCode code);
}
