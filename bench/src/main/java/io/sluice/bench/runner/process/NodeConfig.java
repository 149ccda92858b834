package io.sluice.bench.runner.process;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.sluice.bench.common.Json;
import io.sluice.bench.common.StreamKind;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark node's config: one namespace per {@link StreamKind}, both stream contracts on the
 * benchmark backend, anonymous connections, the WebSocket fallbacks (HTTP-streaming, SSE) beside the
 * WebSocket, and optionally the Redis engine.
 */
public record NodeConfig(int port, int backendPort, String redisAddress) {

    public static final String API_KEY = "bench-api-key";
    private static final String V5_BACKEND = "bench-v5";
    /** Long enough for a loaded 2-core machine, below the 5 s the node refuses. */
    private static final String STREAM_TIMEOUT = "4s";

    public String toJson() {
        String backend = "grpc://127.0.0.1:" + backendPort;
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("address", "127.0.0.1");
        config.put("port", port);
        config.put("allow_anonymous_connect_without_token", true);
        config.put("api_key", API_KEY);
        config.put("http_stream", true);
        config.put("sse", true);
        config.put("proxy_stream_subscribe_endpoint", backend);
        config.put("proxy_stream_subscribe_timeout", STREAM_TIMEOUT);
        config.put("stream_backends", List.of(Map.of("name", V5_BACKEND, "endpoint", backend,
                "contract", "CentrifugoProxy", "timeout", STREAM_TIMEOUT)));
        config.put("namespaces", List.of(
                Map.of("name", StreamKind.SEED.namespace(), "proxy_stream_subscribe", true),
                Map.of("name", StreamKind.SEED_BIDI.namespace(), "proxy_stream_subscribe", true,
                        "proxy_stream_subscribe_bidirectional", true),
                Map.of("name", StreamKind.V5.namespace(), "proxy_stream_subscribe_backend", V5_BACKEND),
                Map.of("name", StreamKind.PLAIN.namespace(), "allow_subscribe_for_client", true,
                        "allow_subscribe_for_anonymous", true)));
        if (redisAddress != null) {
            config.put("engine", "redis");
            config.put("redis_address", redisAddress);
        }
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
