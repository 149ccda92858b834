package io.sluice.node.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.node.testing.HttpProbe;
import io.sluice.node.testing.Jwt;
import io.sluice.node.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fallback endpoints spoken to directly, as a hostile or broken client would: every bad request
 * gets its status or code, and a session id is the only key to a connection.
 */
class FallbackEndpointsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start("\"http_stream\": true, \"sse\": true, \"allowed_origins\": [\"https://app.example.com\"],"
                + " \"http_stream_max_request_body_size\": 1000, \"emulation_max_request_body_size\": 1000,"
                + " \"namespaces\": [{\"name\": \"chat\", \"allow_subscribe_for_client\": true}]");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + node.port() + path;
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String connect() {
        return "{\"id\":1,\"connect\":{\"token\":\"" + Jwt.forUser("ann", 60) + "\"}}";
    }

    /** An open HTTP-streaming connection: its response lines, one JSON reply each. */
    private static BufferedReader openStream() throws Exception {
        HttpResponse<InputStream> response = HTTP.send(HttpRequest.newBuilder(URI.create(url("/connection/http_stream")))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(connect())).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
        return new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> emulate(String session, String commands) throws Exception {
        String body = JSON.createObjectNode().put("session", session).put("node", "").put("data", commands).toString();
        return send(HttpRequest.newBuilder(URI.create(url("/emulation"))).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    @Test
    void aStreamedConnectionTakesItsCommandsThroughEmulationByItsSessionId() throws Exception {
        try (BufferedReader stream = openStream()) {
            JsonNode connected = JSON.readTree(stream.readLine()).path("connect");
            String session = connected.path("session").asText();
            assertThat(session).as("128 random bits, URL-safe").hasSize(22).matches("[A-Za-z0-9_-]+");
            assertThat(connected.path("node").asText()).isEqualTo(node.node().context().identity().uid());
            assertThat(node.metric("sluice_client_transport_connections{transport=\"http_stream\"}")).isEqualTo(1);

            assertThat(emulate(session, "{\"id\":2,\"subscribe\":{\"channel\":\"chat:a\"}}").statusCode()).isEqualTo(204);
            JsonNode reply = JSON.readTree(stream.readLine());
            assertThat(reply.path("id").asInt()).isEqualTo(2);
            assertThat(reply.has("subscribe")).as(reply.toString()).isTrue();
        }
        await().atMost(5, TimeUnit.SECONDS).until(() ->
                node.metric("sluice_client_transport_connections{transport=\"http_stream\"}") == 0);
    }

    @Test
    void sessionIdsAreNeverReusedAndAClosedSessionIsUnknown() throws Exception {
        Set<String> ids = new HashSet<>();
        String last = null;
        for (int i = 0; i < 5; i++) {
            try (BufferedReader stream = openStream()) {
                last = JSON.readTree(stream.readLine()).path("connect").path("session").asText();
                ids.add(last);
            }
        }
        assertThat(ids).hasSize(5);
        double unknownBefore = node.metric("sluice_emulation_requests_total{outcome=\"unknown\"}");
        String closed = last;
        await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> {
            assertThat(emulate(closed, "{\"id\":2,\"presence\":{\"channel\":\"chat:a\"}}").statusCode()).isEqualTo(204);
            assertThat(node.metric("sluice_emulation_requests_total{outcome=\"unknown\"}")).isGreaterThan(unknownBefore);
        });
        assertThat(emulate("not-a-session", "{}").statusCode()).as("unknown: 204, nothing happens").isEqualTo(204);
    }

    @Test
    void aFallbackClientPostingMoreThanRunsIsCutAsSlow() throws Exception {
        try (TestNode big = TestNode.start("\"http_stream\": true, \"emulation_max_request_body_size\": 1000000")) {
            HttpResponse<InputStream> response = HTTP.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + big.port() + "/connection/http_stream"))
                    .POST(HttpRequest.BodyPublishers.ofString(connect())).build(), HttpResponse.BodyHandlers.ofInputStream());
            try (BufferedReader stream = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String session = JSON.readTree(stream.readLine()).path("connect").path("session").asText();
                StringBuilder commands = new StringBuilder();
                for (int id = 2; id < 1200; id++) {
                    commands.append(commands.isEmpty() ? "" : "\n").append("{\"id\":").append(id)
                            .append(",\"presence_stats\":{\"channel\":\"x\"}}");
                }
                String body = JSON.createObjectNode().put("session", session).put("data", commands.toString()).toString();
                HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + big.port() + "/emulation"))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
                JsonNode push = JSON.readTree(stream.readLine()).path("push").path("disconnect");
                assertThat(push.path("code").asInt()).isEqualTo(3008);
            }
        }
    }

    @Test
    void garbageOnTheStreamIsABadRequestDisconnect() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url("/connection/http_stream")))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("not a command")));
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode push = JSON.readTree(response.body().strip()).path("push").path("disconnect");
        assertThat(push.path("code").asInt()).as(response.body()).isEqualTo(3501);
    }

    @Test
    void sseStreamsEveryReplyAsItsOwnEvent() throws Exception {
        String connect = URLEncoder.encode(connect(), StandardCharsets.UTF_8);
        HttpResponse<InputStream> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create(url("/connection/sse?cf_connect=" + connect))).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        try (BufferedReader events = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            assertThat(events.readLine()).as("the opening CRLF").isEmpty();
            String event = events.readLine();
            assertThat(event).startsWith("data: ");
            assertThat(JSON.readTree(event.substring(6)).path("connect").path("session").asText()).hasSize(22);
            assertThat(events.readLine()).as("the event's end").isEmpty();
        }
    }

    @Test
    void badRequestsGetTheirStatus() throws Exception {
        assertThat(send(HttpRequest.newBuilder(URI.create(url("/connection/sse")))).statusCode())
                .as("no cf_connect").isEqualTo(400);
        assertThat(send(HttpRequest.newBuilder(URI.create(url("/connection/http_stream")))
                .PUT(HttpRequest.BodyPublishers.ofString("{}"))).statusCode()).isEqualTo(405);
        assertThat(send(HttpRequest.newBuilder(URI.create(url("/emulation")))).statusCode()).isEqualTo(405);
        assertThat(send(HttpRequest.newBuilder(URI.create(url("/emulation")))
                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(1001)))).statusCode()).isEqualTo(413);
        assertThat(send(HttpRequest.newBuilder(URI.create(url("/connection/http_stream")))
                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(1001)))).statusCode()).isEqualTo(413);
        assertThat(send(HttpRequest.newBuilder(URI.create(url("/emulation")))
                .POST(HttpRequest.BodyPublishers.ofString("{\"session\": 5}"))).statusCode()).isEqualTo(400);
    }

    @Test
    void corsAnswersAllowedPagesOnlyAndEchoesTheirOrigin() throws Exception {
        try (HttpProbe probe = new HttpProbe(node.port())) {
            String head = probe.send("OPTIONS /emulation HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: https://app.example.com\r\n"
                    + "Access-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: content-type\r\n\r\n").head(2000);
            assertThat(head).startsWith("HTTP/1.1 204").containsIgnoringCase("access-control-allow-origin: https://app.example.com")
                    .containsIgnoringCase("access-control-allow-credentials: true")
                    .containsIgnoringCase("access-control-allow-headers: content-type");
        }
        try (HttpProbe probe = new HttpProbe(node.port())) {
            assertThat(probe.send("OPTIONS /emulation HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: https://evil.example\r\n"
                    + "Access-Control-Request-Method: POST\r\n\r\n").status(2000)).isEqualTo(403);
        }
        HttpResponse<String> answered = send(HttpRequest.newBuilder(URI.create(url("/emulation")))
                .header("Origin", "https://app.example.com").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"session\":\"x\",\"node\":\"\",\"data\":\"{}\"}")));
        assertThat(answered.statusCode()).isEqualTo(204);
        assertThat(answered.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
    }
}
