package io.sluice.node.stream;

import io.netty.channel.Channel;

import java.util.Map;

/**
 * The client connection a stream is opened for.
 *
 * @param protocol  {@code json} or {@code protobuf}
 * @param meta      connection meta (raw JSON) or null
 * @param headers   upgrade-request headers that some backend forwards, by lower-cased name
 */
public record StreamClient(Channel socket, String clientId, String user, String protocol, byte[] meta,
                           Map<String, String> headers) {

    /** Centrifugo's transport name for WebSocket connections. */
    static final String TRANSPORT = "websocket";
}
