package io.sluice.node.auth;

import com.nimbusds.jose.jwk.JWK;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/** A JWKS endpoint on loopback whose published keys a test replaces at will; it counts the fetches. */
final class JwksServer implements AutoCloseable {

    private final HttpServer server;
    private final AtomicInteger fetches = new AtomicInteger();
    private volatile String body = "{\"keys\":[]}";
    private volatile int status = 200;

    private JwksServer(HttpServer server) {
        this.server = server;
    }

    static JwksServer start() throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        JwksServer jwks = new JwksServer(http);
        http.createContext("/jwks", exchange -> {
            jwks.fetches.incrementAndGet();
            byte[] bytes = jwks.body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(jwks.status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        http.start();
        return jwks;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks";
    }

    /** Serves exactly these keys from now on (answering 200). */
    void publish(JWK... keys) {
        publishJson(List.of(keys).stream().map(JWK::toJSONString).collect(Collectors.joining(",")));
    }

    /** Serves these JSON key objects, written by hand. */
    void publishJson(String keyObjects) {
        body = "{\"keys\":[" + keyObjects + "]}";
        status = 200;
    }

    /** Answers every fetch with this HTTP status. */
    void failWith(int httpStatus) {
        status = httpStatus;
    }

    int fetches() {
        return fetches.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
