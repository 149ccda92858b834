package io.sluice.node.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.node.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official centrifuge-js SDK, unchanged from npm, run by Node with {@code ws}, over JSON and
 * over Protobuf. The scenario (src/test/js/sdk-scenario.mjs) reports what the SDK saw.
 */
class JsSdkTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start("\"http_stream\": true, \"sse\": true, " + SdkConfig.JSON);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @ParameterizedTest(name = "{0} over {1}")
    @CsvSource({"json, websocket", "protobuf, websocket", "json, http_stream", "protobuf, http_stream", "json, sse"})
    void centrifugeJsWorksUnchanged(String protocol, String transport) throws Exception {
        JsonNode report = runScenario(protocol, transport);

        assertThat(report.path("connect").path("client").asText()).isNotEmpty();
        assertThat(report.path("subscribe").asBoolean()).isTrue();
        assertThat(report.path("serverPublications").toString()).as(report.toString())
                .isEqualTo(IntStream.range(0, 20).boxed().toList().toString().replace(" ", ""));
        assertThat(report.path("join").asText()).isEqualTo("bob");
        assertThat(report.path("clientPublish").path("user").asText()).isEqualTo("bob");
        assertThat(report.path("presence").path("users").toString()).isEqualTo("[\"alice\",\"bob\"]");
        assertThat(report.path("presence").path("numClients").asInt()).isEqualTo(2);
        assertThat(report.path("presence").path("numUsers").asInt()).isEqualTo(2);
        assertThat(report.path("leave").asText()).isEqualTo("bob");

        JsonNode refresh = report.path("refresh");
        assertThat(refresh.path("getTokenCalls").asInt()).as(refresh.toString()).isGreaterThanOrEqualTo(1);
        assertThat(refresh.path("state").asText()).isEqualTo("connected");
        assertThat(refresh.path("interruptions").size()).as("refresh kept the connection: " + refresh).isZero();

        JsonNode expired = report.path("expiredAtConnect");
        assertThat(expired.path("getTokenCalls").asInt()).as(expired.toString()).isGreaterThanOrEqualTo(1);
        assertThat(expired.path("state").asText()).isEqualTo("connected");

        assertThat(report.path("serverUnsubscribe").path("code").asInt()).isEqualTo(2000);
        assertThat(report.path("disconnectReconnect").path("code").asInt()).isEqualTo(4001);
        assertThat(report.path("disconnectReconnect").path("state").asText()).isEqualTo("connected");
        assertThat(report.path("disconnectTerminal").path("code").asInt()).isEqualTo(4501);
        assertThat(report.path("disconnectTerminal").path("state").asText()).isEqualTo("disconnected");
    }

    private static JsonNode runScenario(String protocol, String transport) throws Exception {
        File dir = new File(System.getProperty("sluice.js.dir", "src/test/js"));
        ProcessBuilder builder = new ProcessBuilder(List.of("node", "sdk-scenario.mjs")).directory(dir);
        builder.environment().put("SLUICE_WS", node.wsUrl());
        builder.environment().put("SLUICE_API", "http://127.0.0.1:" + node.port());
        builder.environment().put("SLUICE_API_KEY", TestNode.API_KEY);
        builder.environment().put("SLUICE_SECRET", TestNode.SECRET);
        builder.environment().put("SLUICE_PROTOCOL", protocol);
        builder.environment().put("SLUICE_TRANSPORT", transport);
        builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process process = builder.start();
        try {
            assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("scenario finished").isTrue();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertThat(process.exitValue()).as(out).isZero();
            String last = out.substring(out.lastIndexOf('\n') + 1);
            return JSON.readTree(last);
        } finally {
            process.destroyForcibly();
        }
    }
}
