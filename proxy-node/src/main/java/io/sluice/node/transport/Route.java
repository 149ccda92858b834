package io.sluice.node.transport;

import io.netty.handler.codec.http.HttpMethod;
import io.sluice.node.config.NodeConfig;

import java.util.Set;

/** What a request path asks for, and what each route accepts at the door. */
enum Route {
    WEBSOCKET(true, HttpMethod.GET),
    HTTP_STREAM(true, HttpMethod.POST),
    SSE(true, HttpMethod.GET, HttpMethod.POST),
    EMULATION(true, HttpMethod.POST),
    API(false, HttpMethod.POST),
    HEALTH(false, HttpMethod.GET),
    READY(false, HttpMethod.GET),
    METRICS(false, HttpMethod.GET),
    NOT_FOUND(false);

    static final String WEBSOCKET_PATH = "/connection/websocket";
    static final String API_PREFIX = "/api";

    /** Opened by pages in browsers: the origin policy applies, and (but for WebSocket) CORS. */
    final boolean forBrowsers;
    /** The methods the route answers (405 for others). */
    private final Set<HttpMethod> methods;

    Route(boolean forBrowsers, HttpMethod... methods) {
        this.forBrowsers = forBrowsers;
        this.methods = Set.of(methods);
    }

    boolean allows(HttpMethod method) {
        return methods.contains(method);
    }

    /** Whether a cross-origin page must ask first ({@code OPTIONS}) and is answered with CORS headers. */
    boolean cors() {
        return forBrowsers && this != WEBSOCKET;
    }

    /** The largest body the route reads; 0 when it reads none. */
    int maxBody(NodeConfig config) {
        return switch (this) {
            case API -> config.frontDoor().apiMaxRequestBodySize();
            case HTTP_STREAM -> config.fallback().httpStreamMaxBody();
            case SSE -> config.fallback().sseMaxBody();
            case EMULATION -> config.fallback().emulationMaxBody();
            default -> 0;
        };
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

    static Route of(String path, Listener listener, NodeConfig config) {
        if (listener.servesClients()) {
            Route client = clientRoute(path, config.fallback());
            if (client != null) {
                return client;
            }
        }
        if (!listener.servesInternal()) {
            return NOT_FOUND;
        }
        if (!config.frontDoor().apiDisable() && (path.equals(API_PREFIX) || path.startsWith(API_PREFIX + "/"))) {
            return API;
        }
        return switch (path) {
            case "/health" -> HEALTH;
            case "/ready" -> READY;
            case "/metrics" -> METRICS;
            default -> NOT_FOUND;
        };
    }

    private static Route clientRoute(String path, NodeConfig.FallbackConfig fallback) {
        if (path.equals(WEBSOCKET_PATH)) {
            return WEBSOCKET;
        }
        if (fallback.httpStream() && path.equals(fallback.httpStreamPath())) {
            return HTTP_STREAM;
        }
        if (fallback.sse() && path.equals(fallback.ssePath())) {
            return SSE;
        }
        if (fallback.emulation() && path.equals(fallback.emulationPath())) {
            return EMULATION;
        }
        return null;
    }
}
