package io.sluice.node.stream;

import io.netty.channel.Channel;

import java.util.Map;

/**
 * The client connection a stream is opened for.
 *
 * @param transport {@code websocket}, {@code http_stream} or {@code sse}, as Centrifugo names them to backends
 * @param protocol  {@code json} or {@code protobuf}
 * @param meta      connection meta (raw JSON) or null
 * @param headers   headers of the connection's opening request that some backend forwards, by lower-cased name
 */
public record StreamClient(Channel socket, String clientId, String user, String transport, String protocol,
                           byte[] meta, Map<String, String> headers) {
}
