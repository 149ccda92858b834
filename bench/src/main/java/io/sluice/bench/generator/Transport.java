package io.sluice.bench.generator;

/**
 * How a proxied client reaches the node: the WebSocket, or one of its fallbacks, whose commands after
 * the connect go through {@code POST /emulation}. WebSocket and HTTP-streaming speak the Protobuf
 * client protocol; SSE is JSON only.
 */
public enum Transport {
    WEBSOCKET("WebSocket"),
    HTTP_STREAM("HTTP-streaming"),
    SSE("SSE");

    private final String label;

    Transport(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
