package io.sluice.node.transport;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.sluice.node.config.load.ConfigLoader;
import io.sluice.node.config.NodeConfig;
import io.sluice.node.transport.Route.Listener;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The front door's decisions on request heads alone: no sockets, no node. */
class FrontDoorRulesTest {

    private static NodeConfig config(String json) throws Exception {
        return ConfigLoader.fromJson(json);
    }

    private static HttpRequest head(HttpMethod method, String uri, String... headerPairs) {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, uri);
        for (int i = 0; i < headerPairs.length; i += 2) {
            request.headers().add(headerPairs[i], headerPairs[i + 1]);
        }
        return request;
    }

    private static HttpResponseStatus decide(NodeConfig config, HttpRequest head) {
        Route route = Route.of(new io.netty.handler.codec.http.QueryStringDecoder(head.uri()).path(),
                Listener.CLIENTS_AND_INTERNAL, config);
        return FrontDoorRules.decide(route, head, config).status();
    }

    @Nested
    class Origins {
        private final List<Pattern> allowed = List.of(Pattern.compile("https://.*\\.example\\.com"));

        @ParameterizedTest
        @CsvSource({
                "https://app.example.com, node:8000, true",
                "HTTPS://APP.EXAMPLE.COM, node:8000, true",
                "https://evil.example, node:8000, false",
                "https://example.com.evil.io, node:8000, false"})
        void aListAllowsOnlyWhatItsGlobsMatch(String origin, String host, boolean allowed) {
            assertThat(OriginPolicy.allows(this.allowed, origin, host)).isEqualTo(allowed);
        }

        @ParameterizedTest
        @CsvSource({
                "http://node:8000, node:8000, true",
                "http://NODE:8000, node:8000, true",
                "http://node:3000, node:8000, false",
                "https://evil.example, node:8000, false",
                "null, node:8000, false"})
        void withoutAListOnlyTheSameHostPasses(String origin, String host, boolean allowed) {
            assertThat(OriginPolicy.allows(List.of(), origin, host)).isEqualTo(allowed);
        }

        @Test
        void aRequestWithoutOriginIsNotFromABrowserPageAndPasses() {
            assertThat(OriginPolicy.allows(allowed, null, "node:8000")).isTrue();
            assertThat(OriginPolicy.allows(List.of(), null, null)).isTrue();
        }

        @Test
        void configGlobsAreCentrifugos() throws Exception {
            NodeConfig c = config("{\"allowed_origins\": [\"https://*.Example.com\", \"http://localhost:{3000,8080}\","
                    + " \"http://10.0.0.[1-3]\"]}");
            List<Pattern> globs = c.frontDoor().allowedOrigins();
            assertThat(OriginPolicy.allows(globs, "https://a.b.example.com", "x")).isTrue();
            assertThat(OriginPolicy.allows(globs, "http://localhost:8080", "x")).isTrue();
            assertThat(OriginPolicy.allows(globs, "http://localhost:9090", "x")).isFalse();
            assertThat(OriginPolicy.allows(globs, "http://10.0.0.2", "x")).isTrue();
            assertThat(OriginPolicy.allows(globs, "http://10.0.0.4", "x")).isFalse();
            assertThat(OriginPolicy.allows(config("{\"allowed_origins\": [\"*\"]}").frontDoor().allowedOrigins(),
                    "https://anything.at.all", "x")).isTrue();
        }
    }

    @Test
    void aCrossSiteUpgradeIsForbiddenBeforeItIsAccepted() throws Exception {
        NodeConfig c = config("{\"allowed_origins\": [\"https://app.example.com\"]}");
        assertThat(decide(c, head(HttpMethod.GET, "/connection/websocket", "Origin", "https://evil.example")))
                .isEqualTo(HttpResponseStatus.FORBIDDEN);
        assertThat(decide(c, head(HttpMethod.GET, "/connection/websocket?cf_protocol=protobuf",
                "Origin", "https://app.example.com"))).isNull();
    }

    @Test
    void anApiRequestWithoutTheKeyIsUnauthorisedWhateverItsBody() throws Exception {
        NodeConfig c = config("{\"api_key\": \"k\", \"api_max_request_body_size\": 100}");
        assertThat(decide(c, head(HttpMethod.POST, "/api/publish", "Content-Length", "15000000",
                "Expect", "100-continue"))).isEqualTo(HttpResponseStatus.UNAUTHORIZED);
        assertThat(decide(c, head(HttpMethod.POST, "/api/publish", "X-API-Key", "k", "Content-Length", "101")))
                .isEqualTo(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE);
        assertThat(decide(c, head(HttpMethod.POST, "/api/publish", "X-API-Key", "k", "Content-Length", "100")))
                .isNull();
        assertThat(decide(c, head(HttpMethod.POST, "/api/publish", "X-API-Key", "k",
                HttpHeaderNames.TRANSFER_ENCODING.toString(), HttpHeaderValues.CHUNKED.toString())))
                .as("a chunked API body is counted as it arrives").isNull();
    }

    @Test
    void routesWithoutABodyRefuseOne() throws Exception {
        NodeConfig c = config("{}");
        assertThat(decide(c, head(HttpMethod.GET, "/health", "Content-Length", "10")))
                .isEqualTo(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE);
        assertThat(decide(c, head(HttpMethod.GET, "/connection/websocket",
                HttpHeaderNames.TRANSFER_ENCODING.toString(), HttpHeaderValues.CHUNKED.toString())))
                .isEqualTo(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE);
        assertThat(decide(c, head(HttpMethod.GET, "/metrics"))).isNull();
    }

    @Test
    void eachRouteAnswersOneMethod() throws Exception {
        NodeConfig c = config("{\"api_key\": \"k\"}");
        assertThat(decide(c, head(HttpMethod.GET, "/api/publish", "X-API-Key", "k")))
                .isEqualTo(HttpResponseStatus.METHOD_NOT_ALLOWED);
        assertThat(decide(c, head(HttpMethod.POST, "/health"))).isEqualTo(HttpResponseStatus.METHOD_NOT_ALLOWED);
        assertThat(decide(c, head(HttpMethod.POST, "/connection/websocket")))
                .isEqualTo(HttpResponseStatus.METHOD_NOT_ALLOWED);
        assertThat(decide(c, head(HttpMethod.GET, "/nowhere"))).isEqualTo(HttpResponseStatus.NOT_FOUND);
    }

    @Test
    void theInternalPortTakesTheApiHealthAndMetricsOffTheClientPort() throws Exception {
        NodeConfig c = config("{}");
        assertThat(Route.of("/api/publish", Listener.CLIENTS, c)).isEqualTo(Route.NOT_FOUND);
        assertThat(Route.of("/health", Listener.CLIENTS, c)).isEqualTo(Route.NOT_FOUND);
        assertThat(Route.of("/connection/websocket", Listener.CLIENTS, c)).isEqualTo(Route.WEBSOCKET);
        assertThat(Route.of("/connection/websocket", Listener.INTERNAL, c)).isEqualTo(Route.NOT_FOUND);
        assertThat(Route.of("/api", Listener.INTERNAL, c)).isEqualTo(Route.API);
        assertThat(Route.of("/metrics", Listener.INTERNAL, c)).isEqualTo(Route.METRICS);
        assertThat(Route.of("/api/publish", Listener.CLIENTS_AND_INTERNAL, config("{\"api_disable\": true}")))
                .as("api_disable").isEqualTo(Route.NOT_FOUND);
    }

    @Test
    void theFallbacksAreServedOnlyWhenSwitchedOnAtTheirPaths() throws Exception {
        NodeConfig off = config("{}");
        assertThat(Route.of("/connection/http_stream", Listener.CLIENTS, off)).isEqualTo(Route.NOT_FOUND);
        assertThat(Route.of("/emulation", Listener.CLIENTS, off)).isEqualTo(Route.NOT_FOUND);
        NodeConfig on = config("{\"http_stream\": true, \"sse\": true, \"sse_handler_prefix\": \"/events\"}");
        assertThat(Route.of("/connection/http_stream", Listener.CLIENTS, on)).isEqualTo(Route.HTTP_STREAM);
        assertThat(Route.of("/events", Listener.CLIENTS, on)).isEqualTo(Route.SSE);
        assertThat(Route.of("/emulation", Listener.CLIENTS, on)).isEqualTo(Route.EMULATION);
        assertThat(Route.of("/emulation", Listener.INTERNAL, on)).isEqualTo(Route.NOT_FOUND);
    }

    @Test
    void fallbackRequestsAreCheckedLikeUpgrades() throws Exception {
        NodeConfig c = config("{\"http_stream\": true, \"sse\": true, \"allowed_origins\": [\"https://app.example.com\"],"
                + " \"emulation_max_request_body_size\": 100}");
        assertThat(decide(c, head(HttpMethod.POST, "/connection/http_stream", "Origin", "https://evil.example",
                "Content-Length", "10"))).isEqualTo(HttpResponseStatus.FORBIDDEN);
        assertThat(decide(c, head(HttpMethod.OPTIONS, "/emulation", "Origin", "https://app.example.com")))
                .as("preflight").isEqualTo(HttpResponseStatus.NO_CONTENT);
        assertThat(decide(c, head(HttpMethod.PUT, "/emulation", "Origin", "https://app.example.com")))
                .isEqualTo(HttpResponseStatus.METHOD_NOT_ALLOWED);
        assertThat(decide(c, head(HttpMethod.POST, "/emulation", "Content-Length", "101")))
                .isEqualTo(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE);
        assertThat(decide(c, head(HttpMethod.POST, "/emulation",
                HttpHeaderNames.TRANSFER_ENCODING.toString(), HttpHeaderValues.CHUNKED.toString())))
                .isEqualTo(HttpResponseStatus.LENGTH_REQUIRED);
        assertThat(decide(c, head(HttpMethod.GET, "/connection/sse?cf_connect=%7B%7D"))).isNull();
    }

    @Test
    void theRateBucketHoldsOneSecondsWorth() {
        ConnectionGate.TokenBucket bucket = new ConnectionGate.TokenBucket();
        long t = 1_000_000_000L;
        int admitted = 0;
        for (int i = 0; i < 8; i++) {
            admitted += bucket.take(5, t) ? 1 : 0;
        }
        assertThat(admitted).isEqualTo(5);
        assertThat(bucket.take(5, t + 100_000_000L)).as("0.5 token after 100 ms").isFalse();
        assertThat(bucket.take(5, t + 200_000_000L)).as("a whole token after 200 ms").isTrue();
        assertThat(bucket.take(0, t)).as("0 = unlimited").isTrue();
    }
}
