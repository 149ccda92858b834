package io.sluice.node.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Calls a node's server API over real HTTP. */
public final class ApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String key;

    public ApiClient(String base, String key) {
        this.base = base;
        this.key = key;
    }

    /** POSTs {@code body} to {@code /api/<method>} with the key and returns status + body. */
    public HttpResponse<String> raw(String method, String body, String apiKey) throws IOException, InterruptedException {
        // A bound, so a node that never answers fails the test instead of hanging it.
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/api/" + method))
                .timeout(java.time.Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (apiKey != null) {
            request.header("X-API-Key", apiKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Calls a method and returns the parsed body ({@code result} or {@code error}). */
    public JsonNode call(String method, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = raw(method, body, key);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
