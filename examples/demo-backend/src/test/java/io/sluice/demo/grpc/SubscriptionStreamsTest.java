package io.sluice.demo.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.sluice.demo.streams.Json;
import io.sluice.demo.streams.StreamLog.OpenStream;
import io.sluice.proto.proxy.CentrifugoProxyGrpc;
import io.sluice.proto.proxy.StreamSubscribeRequest;
import io.sluice.proto.proxy.StreamSubscribeResponse;
import io.sluice.proto.proxystream.CentrifugoProxyStreamGrpc;
import io.sluice.proto.proxystream.ChannelRequest;
import io.sluice.proto.proxystream.ChannelResponse;
import io.sluice.proto.proxystream.Publication;
import io.sluice.proto.proxystream.SubscribeRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The subscription streams over real gRPC on loopback, on both contracts, as the node would call
 * them: first message, publications, application errors, and cancellation.
 */
class SubscriptionStreamsTest {

    private static final List<String> ALL_SYMBOLS = List.of("ACME", "GLOBEX", "INITECH", "UMBRELLA", "HOOLI");
    private static LoopbackBackend backend;

    @BeforeAll
    static void start() throws Exception {
        backend = new LoopbackBackend(LoopbackBackend.FAST);
    }

    @AfterAll
    static void stop() throws Exception {
        backend.close();
    }

    // ---- ticker ----

    @Test
    void tickerSendsItsSubscribeResponseThenOnlyTheRequestedSymbols() throws Exception {
        var ticker = seedSubscribe("ticker:t1", "ada", "{\"symbols\":[\"HOOLI\",\"ACME\"]}");

        ChannelResponse first = ticker.next();
        assertThat(first.hasSubscribeResponse()).isTrue();
        assertThat(first.getSubscribeResponse().hasError()).isFalse();
        assertThat(json(first.getSubscribeResponse().getResult().getData()).toString())
                .isEqualTo("{\"user\":\"ada\",\"symbols\":[\"ACME\",\"HOOLI\"],\"interval_ms\":20}");

        List<String> symbols = new ArrayList<>();
        for (int seq = 1; seq <= 6; seq++) {
            ChannelResponse update = ticker.next();
            assertThat(update.hasSubscribeResponse()).isFalse();
            JsonNode data = json(update.getPublication().getData());
            assertThat(data.path("seq").asLong()).isEqualTo(seq);
            assertThat(data.path("price").isNumber()).isTrue();
            assertThat(data.path("price").asDouble()).isPositive();
            symbols.add(data.path("symbol").asText());
        }
        assertThat(symbols).containsExactly("ACME", "HOOLI", "ACME", "HOOLI", "ACME", "HOOLI");
        ticker.cancel();
    }

    @Test
    void tickerWithoutAFilterStreamsEverySymbol() throws Exception {
        var ticker = seedSubscribe("ticker:all", "", "");

        JsonNode accepted = json(ticker.next().getSubscribeResponse().getResult().getData());
        assertThat(accepted.path("user").asText()).isEmpty();
        assertThat(Json.MAPPER.convertValue(accepted.path("symbols"), List.class)).isEqualTo(ALL_SYMBOLS);
        List<String> symbols = new ArrayList<>();
        for (int i = 0; i < ALL_SYMBOLS.size(); i++) {
            symbols.add(json(ticker.next().getPublication().getData()).path("symbol").asText());
        }
        assertThat(symbols).isEqualTo(ALL_SYMBOLS);
        ticker.cancel();
    }

    @Test
    void tickerTurnsDownAnUnknownSymbolWithAnApplicationCodeAndEndsTheStream() throws Exception {
        var ticker = seedSubscribe("ticker:bad", "ada", "{\"symbols\":[\"ACME\",\"NOPE\"]}");

        ChannelResponse first = ticker.next();
        assertThat(first.getSubscribeResponse().hasResult()).isFalse();
        assertThat(first.getSubscribeResponse().getError().getCode()).isEqualTo(1001);
        assertThat(first.getSubscribeResponse().getError().getMessage()).contains("\"NOPE\"").contains("ACME");
        ticker.assertCompletedCleanly();
    }

    @Test
    void subscribeDataThatIsNotAJsonObjectIsTurnedDown() throws Exception {
        var ticker = seedSubscribe("ticker:array", "ada", "[\"ACME\"]");
        assertThat(ticker.next().getSubscribeResponse().getError().getCode()).isEqualTo(1000);
        ticker.assertCompletedCleanly();
    }

    @Test
    void aNamespaceWithoutAStreamIsTurnedDown() throws Exception {
        var weather = seedSubscribe("weather:x", "ada", "");
        assertThat(weather.next().getSubscribeResponse().getError().getCode()).isEqualTo(1004);
        weather.assertCompletedCleanly();

        var echoOneWay = seedSubscribe("echo:x", "ada", "");
        assertThat(echoOneWay.next().getSubscribeResponse().getError().getMessage()).contains("unidirectional");
        echoOneWay.assertCompletedCleanly();
    }

    @Test
    void cancellingTheCallStopsTheTickerAndLogsTheClose() throws Exception {
        var ticker = seedSubscribe("ticker:cancel", "ada", "{\"symbols\":[\"ACME\"]}");
        ticker.next();
        ticker.next();
        OpenStream stream = backend.log.openStreams().stream()
                .filter(s -> s.detail().startsWith("ticker:cancel ")).findFirst().orElseThrow();

        ticker.cancel();

        await().atMost(Duration.ofSeconds(5)).until(() -> !backend.log.openStreams().contains(stream));
        long sentAtClose = stream.sent();
        Thread.sleep(200); // ten ticks
        assertThat(stream.sent()).as("no ticks after cancellation").isEqualTo(sentAtClose);
        assertThat(backend.logLines()).anyMatch(line -> line.contains("open  ticker ticker:cancel user=ada"))
                .anyMatch(line -> line.contains("close ticker ticker:cancel user=ada")
                        && line.endsWith("cancelled by the node"));
    }

    // ---- logs, over Centrifugo's own contract ----

    @Test
    void logsOverCentrifugoProxyOnlyCarryTheRequestedLevelAndAbove() throws Exception {
        var logs = v5Subscribe("logs:l1", "bob", "{\"level\":\"warn\"}");

        StreamSubscribeResponse first = logs.next();
        assertThat(json(first.getSubscribeResponse().getResult().getData()).toString())
                .isEqualTo("{\"user\":\"bob\",\"level\":\"warn\",\"levels\":[\"warn\",\"error\"]}");
        Set<String> levels = new java.util.HashSet<>();
        long lastSeq = 0;
        for (int i = 0; i < 4; i++) {
            JsonNode line = json(logs.next().getPublication().getData());
            assertThat(line.path("seq").asLong()).isGreaterThan(lastSeq);
            lastSeq = line.path("seq").asLong();
            assertThat(line.path("message").asText()).isNotEmpty();
            levels.add(line.path("level").asText());
        }
        assertThat(levels).containsExactlyInAnyOrder("warn", "error");
        logs.cancel();
    }

    @Test
    void logsTurnDownAnUnknownLevel() throws Exception {
        var logs = v5Subscribe("logs:l2", "bob", "{\"level\":\"fatal\"}");
        StreamSubscribeResponse first = logs.next();
        assertThat(first.getSubscribeResponse().getError().getCode()).isEqualTo(1002);
        assertThat(first.getSubscribeResponse().getError().getMessage()).contains("fatal");
        logs.assertCompletedCleanly();
    }

    @Test
    void centrifugoProxyServesTheTickerToo() throws Exception {
        var ticker = v5Subscribe("ticker:v5", "bob", "{\"symbols\":[\"GLOBEX\"]}");
        assertThat(ticker.next().getSubscribeResponse().hasResult()).isTrue();
        assertThat(json(ticker.next().getPublication().getData()).path("symbol").asText()).isEqualTo("GLOBEX");
        ticker.cancel();
    }

    @Test
    void centrifugoProxyDecodesB64Data() throws Exception {
        var ticker = new Collector<io.sluice.proto.proxy.SubscribeRequest, StreamSubscribeResponse>();
        CentrifugoProxyGrpc.newStub(backend.channel).subscribeUnidirectional(
                io.sluice.proto.proxy.SubscribeRequest.newBuilder().setClient("c").setUser("bob")
                        .setChannel("ticker:b64").setB64Data(java.util.Base64.getEncoder()
                                .encodeToString("{\"symbols\":[\"INITECH\"]}".getBytes(StandardCharsets.UTF_8)))
                        .build(), ticker);
        assertThat(json(ticker.next().getSubscribeResponse().getResult().getData()).path("symbols").toString())
                .isEqualTo("[\"INITECH\"]");
        ticker.cancel();
    }

    // ---- echo, bidirectional ----

    @Test
    void echoAnswersEveryPublicationOverTheSeedContract() throws Exception {
        var echo = new Collector<ChannelRequest, ChannelResponse>();
        CentrifugoProxyStreamGrpc.newStub(backend.channel).subscribeBidirectional(echo);
        echo.send(ChannelRequest.newBuilder().setSubscribeRequest(seedRequest("echo:e1", "ada", "")).build());

        ChannelResponse first = echo.next();
        assertThat(json(first.getSubscribeResponse().getResult().getData()).path("user").asText()).isEqualTo("ada");
        for (int n = 1; n <= 3; n++) {
            echo.send(ChannelRequest.newBuilder().setPublication(Publication.newBuilder()
                    .setData(utf8("{\"text\":\"hello " + n + "\"}"))).build());
            JsonNode reply = json(echo.next().getPublication().getData());
            assertThat(reply.path("n").asLong()).isEqualTo(n);
            assertThat(reply.path("echo").toString()).isEqualTo("{\"text\":\"hello " + n + "\"}");
            assertThat(reply.path("at").asText()).isNotEmpty();
        }
        echo.cancel();
    }

    @Test
    void echoAnswersEveryPublicationOverCentrifugoProxyAndEchoesNonJsonAsText() throws Exception {
        var echo = new Collector<StreamSubscribeRequest, StreamSubscribeResponse>();
        CentrifugoProxyGrpc.newStub(backend.channel).subscribeBidirectional(echo);
        echo.send(StreamSubscribeRequest.newBuilder().setSubscribeRequest(
                io.sluice.proto.proxy.SubscribeRequest.newBuilder().setClient("c2").setUser("bob")
                        .setChannel("echo:e2")).build());

        assertThat(echo.next().getSubscribeResponse().hasResult()).isTrue();
        echo.send(StreamSubscribeRequest.newBuilder().setPublication(io.sluice.proto.proxy.Publication.newBuilder()
                .setData(utf8("plain bytes"))).build());
        JsonNode reply = json(echo.next().getPublication().getData());
        assertThat(reply.path("echo").asText()).isEqualTo("plain bytes");
        assertThat(reply.path("n").asLong()).isEqualTo(1);
        echo.cancel();
    }

    @Test
    void tickerIsNotOfferedBidirectionally() throws Exception {
        var call = new Collector<ChannelRequest, ChannelResponse>();
        CentrifugoProxyStreamGrpc.newStub(backend.channel).subscribeBidirectional(call);
        call.send(ChannelRequest.newBuilder().setSubscribeRequest(seedRequest("ticker:bidi", "ada", "")).build());
        assertThat(call.next().getSubscribeResponse().getError().getCode()).isEqualTo(1004);
        call.assertCompletedCleanly();
    }

    // ---- helpers ----

    private static Collector<SubscribeRequest, ChannelResponse> seedSubscribe(String channel, String user, String data) {
        var collector = new Collector<SubscribeRequest, ChannelResponse>();
        CentrifugoProxyStreamGrpc.newStub(backend.channel).subscribeUnidirectional(seedRequest(channel, user, data),
                collector);
        return collector;
    }

    private static Collector<io.sluice.proto.proxy.SubscribeRequest, StreamSubscribeResponse> v5Subscribe(
            String channel, String user, String data) {
        var collector = new Collector<io.sluice.proto.proxy.SubscribeRequest, StreamSubscribeResponse>();
        CentrifugoProxyGrpc.newStub(backend.channel).subscribeUnidirectional(
                io.sluice.proto.proxy.SubscribeRequest.newBuilder().setClient("client-" + channel).setTransport("websocket")
                        .setProtocol("json").setEncoding("json").setUser(user).setChannel(channel)
                        .setData(utf8(data)).build(), collector);
        return collector;
    }

    private static SubscribeRequest seedRequest(String channel, String user, String data) {
        return SubscribeRequest.newBuilder().setClient("client-" + channel).setTransport("websocket")
                .setProtocol("json").setEncoding("json").setUser(user).setChannel(channel).setData(utf8(data)).build();
    }

    static ByteString utf8(String text) {
        return ByteString.copyFromUtf8(text);
    }

    static JsonNode json(ByteString bytes) throws Exception {
        return Json.MAPPER.readTree(bytes.toByteArray());
    }
}
