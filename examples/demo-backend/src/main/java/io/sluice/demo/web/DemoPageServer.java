package io.sluice.demo.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves the demo page: the static files packed into the jar under {@code demo-page/} (the page,
 * its script and centrifuge-js's browser bundle) plus {@code /config.js}, which tells the page where
 * the Sluice node's WebSocket and its fallbacks (HTTP-streaming, SSE, emulation) are. Everything is
 * local: the page loads nothing from elsewhere.
 */
public final class DemoPageServer implements AutoCloseable {

    /** URL path → file under demo-page/ and its content type. */
    private static final Map<String, Asset> ASSETS = Map.of(
            "/", new Asset("index.html", "text/html; charset=utf-8"),
            "/index.html", new Asset("index.html", "text/html; charset=utf-8"),
            "/app.js", new Asset("app.js", "text/javascript; charset=utf-8"),
            "/centrifuge.js", new Asset("centrifuge.js", "text/javascript; charset=utf-8"));

    private record Asset(String file, String contentType) {
    }

    private final HttpServer server;
    private final ExecutorService executor;

    private DemoPageServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Listens on every interface at {@code port} (0 picks a free one); the page connects to {@code wsUrl}. */
    public static DemoPageServer start(int port, String wsUrl) throws IOException {
        byte[] config = configScript(wsUrl);
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                serve(exchange, config);
            }
        });
        ExecutorService executor = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "demo-page");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.start();
        return new DemoPageServer(server, executor);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void serve(HttpExchange exchange, byte[] config) throws IOException {
        String method = exchange.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            send(exchange, 405, "text/plain; charset=utf-8", "GET only\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/config.js")) {
            send(exchange, 200, "text/javascript; charset=utf-8", config);
            return;
        }
        Asset asset = ASSETS.get(path);
        byte[] body = asset == null ? null : read(asset.file());
        if (body == null) {
            send(exchange, 404, "text/plain; charset=utf-8", ("no such file: " + path + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            return;
        }
        send(exchange, 200, asset.contentType(), body);
    }

    private static byte[] read(String file) throws IOException {
        try (InputStream in = DemoPageServer.class.getResourceAsStream("/demo-page/" + file)) {
            return in == null ? null : in.readAllBytes();
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        // The page changes with every build and config.js with every start: never serve a stale one.
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /**
     * {@code window.SLUICE_DEMO = {"wsUrl": ..., "httpStreamUrl": ..., "sseUrl": ..., "emulationUrl": ...};},
     * the URLs written as JSON strings so no value can break out of it.
     */
    static byte[] configScript(String wsUrl) {
        try {
            String json = new ObjectMapper().writeValueAsString(nodeEndpoints(wsUrl));
            return ("window.SLUICE_DEMO = " + json + ";\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final String WEBSOCKET_PATH = "/connection/websocket";

    /**
     * The node's endpoints, derived from its WebSocket URL: the fallbacks sit beside it under the same
     * prefix at Centrifugo's default paths, over http(s). The emulation URL must be absolute because the
     * page comes from another origin than the node.
     */
    static Map<String, String> nodeEndpoints(String wsUrl) {
        String http = wsUrl.replaceFirst("^ws", "http"); // ws:// → http://, wss:// → https://
        int query = http.indexOf('?');
        String path = query < 0 ? http : http.substring(0, query);
        String prefix;
        if (path.endsWith(WEBSOCKET_PATH)) {
            prefix = path.substring(0, path.length() - WEBSOCKET_PATH.length());
        } else {
            // A custom WebSocket path says nothing about the others: assume the defaults at the root.
            int hostEnd = path.indexOf('/', path.indexOf("://") + 3);
            prefix = hostEnd < 0 ? path : path.substring(0, hostEnd);
        }
        Map<String, String> endpoints = new LinkedHashMap<>();
        endpoints.put("wsUrl", wsUrl);
        endpoints.put("httpStreamUrl", prefix + "/connection/http_stream");
        endpoints.put("sseUrl", prefix + "/connection/sse");
        endpoints.put("emulationUrl", prefix + "/emulation");
        return endpoints;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
