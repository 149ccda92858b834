package io.sluice.node.transport;

import io.netty.handler.codec.http.HttpMethod;

/** What a request path asks for, and what each route accepts at the door. */
enum Route {
    WEBSOCKET(HttpMethod.GET, false),
    API(HttpMethod.POST, true),
    HEALTH(HttpMethod.GET, false),
    READY(HttpMethod.GET, false),
    METRICS(HttpMethod.GET, false),
    NOT_FOUND(null, false);

    static final String WEBSOCKET_PATH = "/connection/websocket";
    static final String API_PREFIX = "/api";

    /** The one method the route answers (405 for others). */
    final HttpMethod method;
    /** Whether the route reads a request body (413 for any body otherwise). */
    final boolean takesBody;

    Route(HttpMethod method, boolean takesBody) {
        this.method = method;
        this.takesBody = takesBody;
    }

    /** Which routes a listening port serves: clients, the internal endpoints, or both on one port. */
    enum Listener {
        CLIENTS_AND_INTERNAL, CLIENTS, INTERNAL;

        boolean servesClients() {
            return this != INTERNAL;
        }

        boolean servesInternal() {
            return this != CLIENTS;
        }
    }

    static Route of(String path, Listener listener, boolean apiDisabled) {
        if (listener.servesClients() && path.equals(WEBSOCKET_PATH)) {
            return WEBSOCKET;
        }
        if (!listener.servesInternal()) {
            return NOT_FOUND;
        }
        if (!apiDisabled && (path.equals(API_PREFIX) || path.startsWith(API_PREFIX + "/"))) {
            return API;
        }
        return switch (path) {
            case "/health" -> HEALTH;
            case "/ready" -> READY;
            case "/metrics" -> METRICS;
            default -> NOT_FOUND;
        };
    }
}
