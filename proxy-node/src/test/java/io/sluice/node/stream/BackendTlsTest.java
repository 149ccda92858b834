package io.sluice.node.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.node.testing.JsonClient;
import io.sluice.node.testing.Jwt;
import io.sluice.node.testing.SelfSigned;
import io.sluice.node.testing.TestBackend;
import io.sluice.node.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Subscription streams to a TLS-only backend with a self-signed certificate, declared as granular
 * {@code stream_backends} entries: trusted CA and matching {@code tls_server_name} work; a CA that did
 * not sign the certificate, or a server name the certificate does not carry, is error 100 and nothing worse.
 */
class BackendTlsTest {

    private static final String SERVER_NAME = "backend.sluice.test";

    @TempDir
    static Path dir;
    private static TestBackend backend;
    private static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        SelfSigned backendCert = SelfSigned.generate(dir, "backend", SERVER_NAME);
        SelfSigned strangerCert = SelfSigned.generate(dir, "stranger", SERVER_NAME);
        var tls = backendCert.serverContext();
        backend = TestBackend.start(0, b -> b.sslContext(tls));
        String endpoint = backend.endpoint();
        node = TestNode.start("\"stream_backends\": ["
                + backendEntry("secure", endpoint, backendCert.certificatePem(), SERVER_NAME) + ","
                + backendEntry("wrong-ca", endpoint, strangerCert.certificatePem(), SERVER_NAME) + ","
                + backendEntry("wrong-name", endpoint, backendCert.certificatePem(), "elsewhere.sluice.test") + ","
                + " {\"name\": \"plaintext\", \"endpoint\": \"" + endpoint + "\"}],"
                + " \"namespaces\": ["
                + "  {\"name\": \"secure\", \"proxy_stream_subscribe_backend\": \"secure\"},"
                + "  {\"name\": \"securebidi\", \"proxy_stream_subscribe_backend\": \"secure\","
                + "   \"proxy_stream_subscribe_bidirectional\": true},"
                + "  {\"name\": \"wrongca\", \"proxy_stream_subscribe_backend\": \"wrong-ca\"},"
                + "  {\"name\": \"wrongname\", \"proxy_stream_subscribe_backend\": \"wrong-name\"},"
                + "  {\"name\": \"plaintext\", \"proxy_stream_subscribe_backend\": \"plaintext\"}]");
    }

    private static String backendEntry(String name, String endpoint, Path ca, String serverName) {
        return " {\"name\": \"" + name + "\", \"endpoint\": \"" + endpoint + "\", \"tls\": true,"
                + " \"tls_cert_file\": \"" + ca + "\", \"tls_server_name\": \"" + serverName + "\"}";
    }

    @AfterAll
    static void stop() {
        node.close();
        backend.close();
    }

    @BeforeEach
    void forgetEarlierCalls() {
        backend.forgetCalls();
    }

    private static JsonClient connected(String user) throws Exception {
        JsonClient client = JsonClient.open(node.wsUrl());
        assertThat(client.connect(Jwt.forUser(user, 600)).has("connect")).isTrue();
        return client;
    }

    @Test
    void aStreamWorksOverTlsWithTheTrustedCaAndServerName() throws Exception {
        try (JsonClient client = connected("ann")) {
            JsonNode reply = client.subscribe("secure:quotes", "{\"q\":1}");
            assertThat(reply.has("error")).as("%s", reply).isFalse();
            assertThat(reply.path("subscribe").path("data").path("welcome").asText()).isEqualTo("secure:quotes");
            TestBackend.Call call = backend.nextCall();
            assertThat(call.subscribeRequest().getUser()).isEqualTo("ann");
            call.push("{\"over\":\"tls\"}");
            assertThat(client.next().path("push").path("pub").path("data").path("over").asText()).isEqualTo("tls");

            client.subscribe("securebidi:chat", null);
            TestBackend.Call bidi = backend.nextCall();
            assertThat(bidi.method).isEqualTo("SubscribeBidirectional");
            assertThat(client.publish("securebidi:chat", "{\"up\":true}").has("error")).isFalse();
            assertThat(bidi.fromClient.poll(5, TimeUnit.SECONDS).toStringUtf8())
                    .isEqualTo("{\"up\":true}");
        }
    }

    @Test
    void anUntrustedCertificateOrAnotherServerNameIsError100AndTheNodeCarriesOn() throws Exception {
        try (JsonClient client = connected("bob")) {
            for (String channel : new String[] {"wrongca:x", "wrongname:x", "plaintext:x"}) {
                JsonNode error = client.subscribe(channel, null).path("error");
                assertThat(error.path("code").asInt()).as(channel).isEqualTo(100);
                assertThat(error.path("temporary").asBoolean()).as(channel).isTrue();
            }
            assertThat(backend.openCalls()).as("no call got past the handshake").isZero();

            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(client.subscribe("secure:after", null).has("error"))
                    .as("the same connection still subscribes through the trusted backend").isFalse();
        }
    }
}
