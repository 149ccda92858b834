package io.sluice.node.client;

import io.netty.handler.codec.http.HttpHeaders;

/** What the WebSocket upgrade request told us about the client. */
public record Handshake(String uri, HttpHeaders headers, String transport) {
}
