package io.sluice.node.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.Status;
import io.sluice.node.testing.Jwt;
import io.sluice.node.testing.JsonClient;
import io.sluice.node.testing.TestBackend;
import io.sluice.node.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Subscription streams (DESIGN §3) between a real node and a real grpc-java backend, seen from a
 * JSON-protocol client on one side and from the backend on the other.
 */
class SubscriptionStreamTest {

    private static TestBackend backend;
    private static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        backend = TestBackend.start();
        node = TestNode.start("\"proxy_stream_subscribe_endpoint\": \"" + backend.endpoint() + "\","
                + " \"proxy_stream_subscribe_timeout\": \"1s\","
                + " \"proxy_stream_subscribe_include_connection_meta\": true,"
                + " \"proxy_stream_subscribe_http_headers\": [\"X-Tenant\"],"
                + " \"proxy_stream_subscribe_grpc_metadata\": {\"x-static\": \"from-config\"},"
                + " \"proxy_subscribe_stream_endpoint\": \"" + backend.endpoint() + "\","
                + " \"namespaces\": ["
                + "  {\"name\": \"uni\", \"proxy_stream_subscribe\": true, \"presence\": true,"
                + "   \"allow_presence_for_subscriber\": true},"
                + "  {\"name\": \"bidi\", \"proxy_stream_subscribe\": true, \"proxy_stream_subscribe_bidirectional\": true},"
                + "  {\"name\": \"v5\", \"proxy_subscribe_stream\": true},"
                + "  {\"name\": \"v5bidi\", \"proxy_subscribe_stream\": true, \"proxy_subscribe_stream_bidirectional\": true}]");
    }

    @AfterAll
    static void stop() {
        node.close();
        backend.close();
    }

    @BeforeEach
    void defaultBehaviour() {
        backend.forgetCalls();
        backend.onCall(call -> call.accept("{\"welcome\":\"" + call.subscribeRequest().getChannel() + "\"}"));
    }

    private static JsonClient connected(String user) throws Exception {
        JsonClient client = JsonClient.open(node.wsUrl(), Map.of("X-Tenant", "acme"));
        String token = Jwt.hs256(TestNode.SECRET, "{\"sub\":\"" + user + "\",\"meta\":{\"plan\":\"gold\"}}");
        assertThat(client.connect(token).path("connect").isObject()).isTrue();
        return client;
    }

    private static String utf8(com.google.protobuf.ByteString bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void unidirectionalStreamCarriesTheRequestAndRelaysPublicationsToThisClientOnly() throws Exception {
        try (JsonClient ann = connected("ann"); JsonClient bob = connected("bob")) {
            JsonNode reply = ann.subscribe("uni:prices", "{\"symbols\":[\"ACME\"]}");
            assertThat(reply.path("subscribe").path("data").toString()).isEqualTo("{\"welcome\":\"uni:prices\"}");

            TestBackend.Call call = backend.nextCall();
            assertThat(call.service).isEqualTo("CentrifugoProxyStream");
            assertThat(call.method).isEqualTo("SubscribeUnidirectional");
            var request = call.subscribeRequest();
            assertThat(request.getUser()).isEqualTo("ann");
            assertThat(request.getChannel()).isEqualTo("uni:prices");
            assertThat(request.getClient()).isEqualTo(ann.clientId());
            assertThat(request.getTransport()).isEqualTo("websocket");
            assertThat(request.getProtocol()).isEqualTo("json");
            assertThat(utf8(request.getData())).isEqualTo("{\"symbols\":[\"ACME\"]}");
            assertThat(utf8(request.getMeta())).isEqualTo("{\"plan\":\"gold\"}");
            assertThat(call.header("x-tenant")).isEqualTo("acme");
            assertThat(call.header("x-static")).isEqualTo("from-config");

            assertThat(bob.subscribe("uni:prices", null).has("error")).isFalse();
            TestBackend.Call bobsCall = backend.nextCall();
            for (int i = 1; i <= 3; i++) {
                call.push("{\"n\":" + i + "}");
            }
            for (int i = 1; i <= 3; i++) {
                JsonNode push = ann.next().path("push");
                assertThat(push.path("channel").asText()).isEqualTo("uni:prices");
                assertThat(push.path("pub").path("data").toString()).isEqualTo("{\"n\":" + i + "}");
            }
            bobsCall.push("{\"only\":\"bob\"}");
            assertThat(bob.next().path("push").path("pub").path("data").toString()).isEqualTo("{\"only\":\"bob\"}");
            assertThat(ann.call("\"ping\":{}").has("ping")).as("nothing of bob's stream reached ann").isTrue();
        }
    }

    @Test
    void theSubscribeReplyComesBeforeTheFirstPublicationAndOrderIsKept() throws Exception {
        backend.onCall(call -> {
            call.accept("{}");
            for (int i = 0; i < 200; i++) {
                call.push("{\"seq\":" + i + "}");
            }
        });
        try (JsonClient client = connected("ann")) {
            int id = client.send("\"subscribe\":{\"channel\":\"uni:burst\"}");
            assertThat(client.next().path("id").asInt()).isEqualTo(id);
            for (int i = 0; i < 200; i++) {
                assertThat(client.next().path("push").path("pub").path("data").path("seq").asInt()).isEqualTo(i);
            }
        }
    }

    @Test
    void unsubscribeAndDisconnectCancelTheStreamAtOnce() throws Exception {
        try (JsonClient client = connected("ann")) {
            client.subscribe("uni:a", null);
            TestBackend.Call first = backend.nextCall();
            client.subscribe("uni:b", null);
            TestBackend.Call second = backend.nextCall();
            client.call("\"unsubscribe\":{\"channel\":\"uni:a\"}");
            assertThat(first.awaitCancelled(2)).as("cancelled on unsubscribe").isTrue();
            assertThat(second.cancelled).isNotDone();
            client.close();
            assertThat(second.awaitCancelled(2)).as("cancelled on disconnect").isTrue();
        }
    }

    @Test
    void anErrorInTheFirstMessageIsTheSubscribeError() throws Exception {
        backend.onCall(call -> call.send(io.sluice.proto.proxy.StreamSubscribeResponse.newBuilder()
                .setSubscribeResponse(io.sluice.proto.proxy.SubscribeResponse.newBuilder()
                        .setError(io.sluice.proto.proxy.Error.newBuilder().setCode(1403).setMessage("no such ticker")
                                .setTemporary(true))).build()));
        try (JsonClient client = connected("ann")) {
            JsonNode error = client.subscribe("uni:nope", null).path("error");
            assertThat(error.path("code").asInt()).isEqualTo(1403);
            assertThat(error.path("message").asText()).isEqualTo("no such ticker");
            assertThat(error.path("temporary").asBoolean(false)).as("as Centrifugo's stream path").isFalse();
            assertThat(backend.nextCall().awaitCancelled(2)).isTrue();
            assertThat(client.subscribe("uni:nope", null).path("error").path("code").asInt())
                    .as("not left half-subscribed").isEqualTo(1403);
        }
    }

    @Test
    void aDisconnectInTheFirstMessageDisconnectsTheClient() throws Exception {
        backend.onCall(call -> call.send(io.sluice.proto.proxy.StreamSubscribeResponse.newBuilder()
                .setSubscribeResponse(io.sluice.proto.proxy.SubscribeResponse.newBuilder()
                        .setDisconnect(io.sluice.proto.proxy.Disconnect.newBuilder().setCode(4501).setReason("banned")))
                .build()));
        try (JsonClient client = connected("ann")) {
            client.send("\"subscribe\":{\"channel\":\"uni:x\"}");
            var close = client.socket().awaitClose(5);
            assertThat(close.code()).isEqualTo(4501);
            assertThat(close.reason()).isEqualTo("banned");
        }
    }

    @Test
    void noFirstMessageInTimeIsATemporaryInternalError() throws Exception {
        backend.onCall(call -> { });
        try (JsonClient client = connected("ann")) {
            long started = System.nanoTime();
            JsonNode error = client.subscribe("uni:silent", null).path("error");
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertThat(error.path("code").asInt()).isEqualTo(100);
            assertThat(error.path("temporary").asBoolean()).isTrue();
            assertThat(elapsedMillis).as("proxy_stream_subscribe_timeout").isGreaterThanOrEqualTo(900);
            assertThat(backend.nextCall().awaitCancelled(2)).as("the node gave up on the call").isTrue();
        }
    }

    @Test
    void aFirstMessageWithoutSubscribeResponseIsAnInternalError() throws Exception {
        backend.onCall(call -> call.push("{\"too\":\"early\"}"));
        try (JsonClient client = connected("ann")) {
            assertThat(client.subscribe("uni:early", null).path("error").path("code").asInt()).isEqualTo(100);
            assertThat(backend.nextCall().awaitCancelled(2)).isTrue();
        }
    }

    @Test
    void aCleanEndIsUnsubscribe2000AndAFailureIs2500() throws Exception {
        try (JsonClient client = connected("ann")) {
            client.subscribe("uni:clean", null);
            backend.nextCall().complete();
            JsonNode clean = client.next().path("push");
            assertThat(clean.path("channel").asText()).isEqualTo("uni:clean");
            assertThat(clean.path("unsubscribe").path("code").asInt()).isEqualTo(2000);
            assertThat(clean.path("unsubscribe").path("reason").asText()).isEqualTo("server unsubscribe");

            client.subscribe("uni:failing", null);
            backend.nextCall().fail(Status.INTERNAL.withDescription("backend bug"));
            JsonNode failed = client.next().path("push");
            assertThat(failed.path("unsubscribe").path("code").asInt()).isEqualTo(2500);
            assertThat(failed.path("unsubscribe").path("reason").asText()).isEqualTo("insufficient state");

            assertThat(client.subscribe("uni:failing", null).has("error")).as("resubscribe opens a new stream").isFalse();
            assertThat(backend.nextCall().subscribeRequest().getChannel()).isEqualTo("uni:failing");
        }
    }

    @Test
    void bidirectionalPublishGoesToTheBackendAndUnidirectionalPublishIs108() throws Exception {
        try (JsonClient client = connected("ann")) {
            client.subscribe("bidi:echo", null);
            TestBackend.Call call = backend.nextCall();
            assertThat(call.method).isEqualTo("SubscribeBidirectional");
            assertThat(call.subscribeRequest().getChannel()).isEqualTo("bidi:echo");
            JsonNode reply = client.publish("bidi:echo", "{\"text\":\"hello\"}");
            assertThat(reply.path("publish").isObject()).isTrue();
            assertThat(reply.has("error")).isFalse();
            assertThat(utf8(call.fromClient.poll(5, TimeUnit.SECONDS))).isEqualTo("{\"text\":\"hello\"}");

            client.subscribe("uni:ro", null);
            backend.nextCall();
            assertThat(client.publish("uni:ro", "{}").path("error").path("code").asInt()).isEqualTo(108);
            assertThat(client.publish("bidi:not-subscribed", "{}").path("error").path("code").asInt()).isEqualTo(108);
        }
    }

    @Test
    void theCentrifugoV5AliasesCallTheShippedContract() throws Exception {
        try (JsonClient client = connected("ann")) {
            assertThat(client.subscribe("v5:feed", "{\"q\":1}").has("error")).isFalse();
            TestBackend.Call uni = backend.nextCall();
            assertThat(uni.service).isEqualTo("CentrifugoProxy");
            assertThat(uni.method).isEqualTo("SubscribeUnidirectional");
            assertThat(uni.subscribeRequest().getEncoding()).isEqualTo("json");
            uni.push("{\"v\":5}");
            assertThat(client.next().path("push").path("pub").path("data").path("v").asInt()).isEqualTo(5);

            client.subscribe("v5bidi:chat", null);
            TestBackend.Call bidi = backend.nextCall();
            assertThat(bidi.service).isEqualTo("CentrifugoProxy");
            assertThat(bidi.method).isEqualTo("SubscribeBidirectional");
            client.publish("v5bidi:chat", "\"hi\"");
            assertThat(utf8(bidi.fromClient.poll(5, TimeUnit.SECONDS))).isEqualTo("\"hi\"");
        }
    }

    @Test
    void serverApiPublicationsAndPresenceWorkInStreamChannels() throws Exception {
        backend.onCall(call -> call.send(io.sluice.proto.proxy.StreamSubscribeResponse.newBuilder()
                .setSubscribeResponse(io.sluice.proto.proxy.SubscribeResponse.newBuilder()
                        .setResult(io.sluice.proto.proxy.SubscribeResult.newBuilder()
                                .setInfo(TestBackend.utf8("{\"seat\":7}")))).build()));
        try (JsonClient client = connected("ann")) {
            client.subscribe("uni:room", null);
            backend.nextCall();
            node.api().call("publish", "{\"channel\":\"uni:room\",\"data\":{\"from\":\"api\"}}");
            assertThat(client.next().path("push").path("pub").path("data").path("from").asText()).isEqualTo("api");
            JsonNode presence = client.call("\"presence\":{\"channel\":\"uni:room\"}").path("presence").path("presence");
            JsonNode entry = presence.path(client.clientId());
            assertThat(entry.path("user").asText()).isEqualTo("ann");
            assertThat(entry.path("chan_info").path("seat").asInt()).isEqualTo(7);
        }
    }

    @Test
    void aSubscriptionTokenBypassesTheStream() throws Exception {
        try (JsonClient client = connected("ann")) {
            String token = Jwt.hs256(TestNode.SECRET, "{\"sub\":\"ann\",\"channel\":\"uni:direct\"}");
            JsonNode reply = client.call("\"subscribe\":{\"channel\":\"uni:direct\",\"token\":\"" + token + "\"}");
            assertThat(reply.has("error")).isFalse();
            assertThat(backend.openCalls()).isZero();
        }
    }

    @Test
    void streamMetricsCountOpensEndsAndMessages() throws Exception {
        try (JsonClient client = connected("ann")) {
            client.subscribe("uni:metered", null);
            TestBackend.Call call = backend.nextCall();
            call.push("{}");
            client.next();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                String metrics = node.api().get("/metrics").body();
                assertThat(metrics).contains("sluice_stream_open{backend=\"proxy_stream_subscribe\",kind=\"subscription\",namespace=\"uni\"} 1.0");
                assertThat(metrics).contains("sluice_stream_opens_total{backend=\"proxy_stream_subscribe\",code=\"0\",kind=\"subscription\",namespace=\"uni\"}");
                assertThat(metrics).contains("sluice_stream_messages_total{direction=\"to_client\"}");
                assertThat(metrics).contains("sluice_stream_first_message_seconds_bucket");
            });
        }
    }
}
