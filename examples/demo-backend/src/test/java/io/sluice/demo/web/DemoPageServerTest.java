package io.sluice.demo.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The page server over real HTTP on loopback, serving what the build packed (centrifuge.js included). */
class DemoPageServerTest {

    private static final String WS_URL = "ws://127.0.0.1:8123/connection/websocket?x=\"</script>";
    private static DemoPageServer server;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        server = DemoPageServer.start(0, WS_URL);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void servesThePageItsScriptAndTheCentrifugeBundle() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("id=\"ticker-rows\"").contains("<script src=\"/centrifuge.js\">");

        HttpResponse<String> app = get("/app.js");
        assertThat(app.statusCode()).isEqualTo(200);
        assertThat(app.body()).contains("newSubscription");

        HttpResponse<String> sdk = get("/centrifuge.js");
        assertThat(sdk.statusCode()).as("the build copies centrifuge-js's browser bundle into the jar").isEqualTo(200);
        assertThat(sdk.headers().firstValue("content-type")).hasValue("text/javascript; charset=utf-8");
        assertThat(sdk.body()).contains("globalThis.Centrifuge=");
    }

    @Test
    void configScriptCarriesTheNodeUrlsAsJsonStrings() throws Exception {
        HttpResponse<String> config = get("/config.js");
        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(config.headers().firstValue("cache-control")).hasValue("no-store");
        assertThat(config.body()).isEqualTo("window.SLUICE_DEMO = {"
                + "\"wsUrl\":\"ws://127.0.0.1:8123/connection/websocket?x=\\\"</script>\","
                + "\"httpStreamUrl\":\"http://127.0.0.1:8123/connection/http_stream\","
                + "\"sseUrl\":\"http://127.0.0.1:8123/connection/sse\","
                + "\"emulationUrl\":\"http://127.0.0.1:8123/emulation\"};\n");
    }

    @Test
    void fallbackUrlsKeepTheWebSocketsHostAndPrefix() {
        assertThat(DemoPageServer.nodeEndpoints("wss://example.com/sluice/connection/websocket"))
                .containsEntry("httpStreamUrl", "https://example.com/sluice/connection/http_stream")
                .containsEntry("sseUrl", "https://example.com/sluice/connection/sse")
                .containsEntry("emulationUrl", "https://example.com/sluice/emulation");
        assertThat(DemoPageServer.nodeEndpoints("ws://localhost:8000/custom/ws"))
                .as("a custom WebSocket path: the fallbacks at their default paths on the same host")
                .containsEntry("httpStreamUrl", "http://localhost:8000/connection/http_stream")
                .containsEntry("emulationUrl", "http://localhost:8000/emulation");
    }

    @Test
    void unknownPathsAre404AndOtherMethods405() throws Exception {
        assertThat(get("/../pom.xml").statusCode()).isEqualTo(404);
        assertThat(get("/demo-page/index.html").statusCode()).isEqualTo(404);
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(uri("/"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}
