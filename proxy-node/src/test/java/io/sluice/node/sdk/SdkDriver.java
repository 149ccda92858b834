package io.sluice.node.sdk;

import java.util.Map;

/**
 * An official SDK, unchanged, driven the same way whichever it is, so that one set of scenarios
 * ({@link StreamSdkScenarios}) runs against each. Payloads are JSON text in both directions.
 */
interface SdkDriver extends AutoCloseable {

    /** What the SDK speaks on the wire: {@code json} or {@code protobuf}. */
    String protocol();

    /** How it reaches the node, as backends are told: {@code websocket}, {@code http_stream} or {@code sse}. */
    default String transport() {
        return "websocket";
    }

    /**
     * Whether the SDK emits a subscription {@code error} event before going unsubscribed on a subscribe
     * error that is not temporary (centrifuge-java does, centrifuge-js 5.x goes unsubscribed directly).
     */
    boolean errorEventOnTerminalSubscribeError();

    /** A new client, not connected yet. */
    Client client(ClientOptions options);

    @Override
    void close();

    /**
     * @param token   connection JWT, or null to connect without one
     * @param data    connect data (JSON text) or null
     * @param headers extra headers of the WebSocket upgrade request
     */
    record ClientOptions(String url, String token, String data, Map<String, String> headers) {
    }

    /**
     * One SDK client. Whatever it reports lands in {@link #events()} as {@link SdkEvent}s, under
     * {@link SdkEvent#key()}: the result of {@link #publish} as {@code published <channel>} and of
     * {@link #send} as {@code sent}, code 0 for success.
     */
    interface Client {
        Events events();

        void connect();

        /** Creates the subscription on first use, with {@code data} (JSON text or null), and subscribes. */
        void subscribe(String channel, String data);

        void unsubscribe(String channel);

        void publish(String channel, String data);

        void send(String data);

        void disconnect();
    }
}
