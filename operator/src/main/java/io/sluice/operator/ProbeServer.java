package io.sluice.operator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.javaoperatorsdk.operator.RuntimeInfo;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * {@code /healthz} (liveness and startup: the operator started and its informers are healthy),
 * {@code /readyz} (the same) and {@code /metrics} (Prometheus) on one small HTTP server.
 */
public final class ProbeServer implements AutoCloseable {
    private final HttpServer server;

    private ProbeServer(HttpServer server) {
        this.server = server;
    }

    public static ProbeServer start(int port, RuntimeInfo runtime, PrometheusMeterRegistry registry)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        Supplier<Boolean> healthy = () -> runtime.isStarted() && runtime.allEventSourcesAreHealthy();
        server.createContext("/healthz", exchange -> probe(exchange, healthy.get()));
        server.createContext("/readyz", exchange -> probe(exchange, healthy.get()));
        server.createContext("/metrics", exchange ->
                respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
        server.start();
        return new ProbeServer(server);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void probe(HttpExchange exchange, boolean healthy) throws IOException {
        respond(exchange, healthy ? 200 : 503, "text/plain; charset=utf-8", healthy ? "ok\n" : "not ready\n");
    }

    private static void respond(HttpExchange exchange, int code, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
