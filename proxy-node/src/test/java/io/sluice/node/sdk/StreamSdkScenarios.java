package io.sluice.node.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.sluice.node.testing.Jwt;
import io.sluice.node.testing.TestBackend;
import io.sluice.node.testing.TestNode;
import io.sluice.proto.proxy.Disconnect;
import io.sluice.proto.proxy.StreamSubscribeResponse;
import io.sluice.proto.proxy.SubscribeResponse;
import io.sluice.proto.proxystream.ConnectResponse;
import io.sluice.proto.proxystream.ConnectResult;
import io.sluice.proto.proxystream.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every proxy-stream behaviour of DESIGN §3 seen through an official SDK, unchanged: what the
 * backend (a real grpc-java server) received and what the SDK reported. Subclasses say which SDK.
 */
abstract class StreamSdkScenarios {

    private static final int WAIT_SECONDS = 5;
    /** Every transport on: the same nodes serve the WebSocket and the fallback suites. */
    private static final String FALLBACKS = "\"http_stream\": true, \"sse\": true, ";

    static TestBackend backend;
    /** Subscription streams of every kind, and bidirectional connection streams for tokenless clients. */
    static TestNode node;
    /** Unidirectional connection streams. */
    static TestNode uniConnectNode;

    private final List<SdkDriver.Client> clients = new ArrayList<>();

    /** The SDK under test. */
    abstract SdkDriver sdk();

    /** The URL a client of {@code target} connects to: the node itself, unless a subclass puts nodes behind a balancer. */
    static Function<TestNode, String> wsUrls = TestNode::wsUrl;

    @BeforeAll
    static void startNodes() throws Exception {
        backend = TestBackend.start();
        node = TestNode.start(streamNodeConfig());
        uniConnectNode = TestNode.start(uniConnectNodeConfig());
    }

    /** {@link #node}'s config: subscription streams of every kind, bidirectional connection streams. */
    static String streamNodeConfig() {
        return FALLBACKS + "\"proxy_stream_subscribe_endpoint\": \"" + backend.endpoint() + "\","
                + " \"proxy_stream_subscribe_timeout\": \"500ms\","
                + " \"proxy_stream_subscribe_http_headers\": [\"X-Tenant\"],"
                + " \"proxy_stream_subscribe_grpc_metadata\": {\"x-static\": \"from-config\"},"
                + " \"proxy_subscribe_stream_endpoint\": \"" + backend.endpoint() + "\","
                + connectStreams(true) + ","
                + " \"namespaces\": ["
                + "  {\"name\": \"uni\", \"proxy_stream_subscribe\": true},"
                + "  {\"name\": \"bidi\", \"proxy_stream_subscribe\": true,"
                + "   \"proxy_stream_subscribe_bidirectional\": true},"
                + "  {\"name\": \"v5\", \"proxy_subscribe_stream\": true},"
                + "  {\"name\": \"v5bidi\", \"proxy_subscribe_stream\": true,"
                + "   \"proxy_subscribe_stream_bidirectional\": true},"
                + "  {\"name\": \"room\", \"presence\": true, \"allow_subscribe_for_client\": true}]";
    }

    static String uniConnectNodeConfig() {
        return FALLBACKS + connectStreams(false);
    }

    private static String connectStreams(boolean bidirectional) {
        return "\"proxy_stream_connect_endpoint\": \"" + backend.endpoint() + "\","
                + " \"proxy_stream_connect_timeout\": \"1s\","
                + " \"proxy_stream_connect_bidirectional\": " + bidirectional + ","
                + " \"proxy_stream_connect_http_headers\": [\"X-Session\"]";
    }

    @AfterAll
    static void stopNodes() throws Exception {
        uniConnectNode.close();
        node.close();
        backend.close();
    }

    @BeforeEach
    void forgetCalls() {
        backend.forgetCalls();
    }

    @AfterEach
    void disconnectClients() {
        clients.forEach(SdkDriver.Client::disconnect);
    }

    // ---- helpers ----

    private SdkDriver.Client client(TestNode target, String token, String data, Map<String, String> headers) {
        SdkDriver.Client client = sdk().client(new SdkDriver.ClientOptions(wsUrls.apply(target), token, data, headers));
        clients.add(client);
        return client;
    }

    /** Connects and returns the connected event (client id in {@code text}). */
    private static SdkEvent connect(SdkDriver.Client client) throws InterruptedException {
        client.connect();
        assertThat(next(client, "connecting", null).code()).as("connect called").isZero();
        return next(client, "connected", null);
    }

    /** A client of {@link #node} connected with a token for {@code user}, sending an X-Tenant header. */
    private SdkDriver.Client tokenClient(String user) throws InterruptedException {
        SdkDriver.Client client = client(node, Jwt.forUser(user, 300), null, Map.of("X-Tenant", "acme"));
        connect(client);
        return client;
    }

    /** Subscribes and returns the SDK's subscribed event. */
    private static SdkEvent subscribe(SdkDriver.Client client, String channel, String data)
            throws InterruptedException {
        client.subscribe(channel, data);
        assertThat(next(client, "subscribing", channel).code()).as("subscribe called").isZero();
        return next(client, "subscribed", channel);
    }

    private static SdkEvent next(SdkDriver.Client client, String type, String channel) throws InterruptedException {
        return client.events().next(SdkEvent.key(type, channel), WAIT_SECONDS);
    }

    /** What the SDK reported about {@code channel}, by event type, in order. */
    private static List<String> seenOn(SdkDriver.Client client, String channel) {
        return client.events().order().stream()
                .filter(key -> key.endsWith(" " + channel))
                .map(key -> key.substring(0, key.length() - channel.length() - 1))
                .toList();
    }

    private static String utf8(ByteString bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String fromClient(TestBackend.Call call) throws InterruptedException {
        ByteString data = call.fromClient.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(data).as("the backend got the client's message").isNotNull();
        return utf8(data);
    }

    private static void acceptSubscriptions(String dataJson) {
        backend.onCall(call -> call.accept(dataJson));
    }

    private static Response acceptConnection(String user, String dataJson) {
        return Response.newBuilder().setConnectResponse(ConnectResponse.newBuilder().setResult(
                ConnectResult.newBuilder().setUser(user).setData(TestBackend.utf8(dataJson)))).build();
    }

    // ---- subscription streams ----

    @Test
    void aUnidirectionalStreamGetsTheSubscribeDataAndItsPublicationsFollowTheSubscribedEventInOrder() throws Exception {
        String channel = "uni:prices";
        int count = 20;
        backend.onCall(call -> {
            // All sent at once, before the node has even answered the SDK's subscribe.
            call.accept("{\"welcome\":\"" + channel + "\"}");
            for (int n = 1; n <= count; n++) {
                call.push("{\"n\":" + n + "}");
            }
        });
        SdkDriver.Client ann = client(node, Jwt.forUser("ann", 300), null, Map.of("X-Tenant", "acme"));
        String clientId = connect(ann).text();
        SdkEvent subscribed = subscribe(ann, channel, "{\"symbols\":[\"ACME\"]}");
        assertThat(subscribed.data()).as("the backend's SubscribeResult data")
                .isEqualTo("{\"welcome\":\"uni:prices\"}");
        for (int n = 1; n <= count; n++) {
            assertThat(next(ann, "publication", channel).data()).isEqualTo("{\"n\":" + n + "}");
        }
        List<String> expected = new ArrayList<>(List.of("subscribing", "subscribed"));
        expected.addAll(Collections.nCopies(count, "publication"));
        assertThat(seenOn(ann, channel)).as("nothing before subscribed, nothing lost").isEqualTo(expected);

        TestBackend.Call call = backend.nextCall();
        assertThat(call.service).isEqualTo("CentrifugoProxyStream");
        assertThat(call.method).isEqualTo("SubscribeUnidirectional");
        var request = call.subscribeRequest();
        assertThat(request.getUser()).isEqualTo("ann");
        assertThat(request.getChannel()).isEqualTo(channel);
        assertThat(request.getClient()).as("the SDK's client id").isEqualTo(clientId);
        assertThat(request.getTransport()).isEqualTo(sdk().transport());
        assertThat(request.getProtocol()).isEqualTo(sdk().protocol());
        assertThat(utf8(request.getData())).isEqualTo("{\"symbols\":[\"ACME\"]}");
        assertThat(call.header("x-tenant")).as("forwarded upgrade header").isEqualTo("acme");
        assertThat(call.header("x-static")).as("static metadata").isEqualTo("from-config");
    }

    @Test
    void aBidirectionalStreamCarriesTheClientsPublishAndBringsTheBackendsEchoBack() throws Exception {
        String channel = "bidi:echo";
        acceptSubscriptions("{}");
        SdkDriver.Client ann = tokenClient("ann");
        subscribe(ann, channel, null);
        TestBackend.Call call = backend.nextCall();
        assertThat(call.method).isEqualTo("SubscribeBidirectional");
        assertThat(call.subscribeRequest().getChannel()).isEqualTo(channel);

        ann.publish(channel, "{\"text\":\"hello\"}");
        assertThat(next(ann, "published", channel).code()).as("publish succeeded").isZero();
        assertThat(fromClient(call)).isEqualTo("{\"text\":\"hello\"}");
        call.push("{\"echo\":\"hello\"}");
        assertThat(next(ann, "publication", channel).data()).isEqualTo("{\"echo\":\"hello\"}");
    }

    @Test
    void anAppErrorInTheFirstMessageEndsTheSubscriptionAsTheSdkDoesForANonTemporaryError() throws Exception {
        String channel = "uni:nope";
        backend.onCall(call -> call.send(StreamSubscribeResponse.newBuilder().setSubscribeResponse(SubscribeResponse
                .newBuilder().setError(io.sluice.proto.proxy.Error.newBuilder().setCode(1403)
                        .setMessage("no such ticker"))).build()));
        SdkDriver.Client ann = tokenClient("ann");
        ann.subscribe(channel, null);
        if (sdk().errorEventOnTerminalSubscribeError()) {
            SdkEvent error = next(ann, "error", channel);
            assertThat(error.code()).isEqualTo(1403);
        }
        SdkEvent unsubscribed = next(ann, "unsubscribed", channel);
        assertThat(unsubscribed.code()).isEqualTo(1403);
        assertThat(unsubscribed.text()).isEqualTo("no such ticker");
        assertThat(seenOn(ann, channel)).as("unsubscribed for good, no resubscribe")
                .containsExactlyElementsOf(sdk().errorEventOnTerminalSubscribeError()
                        ? List.of("subscribing", "error", "unsubscribed")
                        : List.of("subscribing", "unsubscribed"));
        assertThat(backend.nextCall().awaitCancelled(WAIT_SECONDS)).as("the node dropped the refused call").isTrue();
    }

    @Test
    void aDisconnectInTheFirstMessageDisconnectsTheSdk() throws Exception {
        backend.onCall(call -> call.send(StreamSubscribeResponse.newBuilder().setSubscribeResponse(SubscribeResponse
                .newBuilder().setDisconnect(Disconnect.newBuilder().setCode(4501).setReason("banned"))).build()));
        SdkDriver.Client ann = tokenClient("ann");
        ann.subscribe("uni:banned", null);
        SdkEvent disconnected = next(ann, "disconnected", null);
        assertThat(disconnected.code()).as("terminal code: no reconnect").isEqualTo(4501);
        assertThat(disconnected.text()).isEqualTo("banned");
    }

    @Test
    void noFirstMessageInTimeIsTemporarySoTheSdkRetriesOnANewStream() throws Exception {
        String channel = "uni:slow";
        AtomicInteger calls = new AtomicInteger();
        backend.onCall(call -> {
            if (calls.incrementAndGet() > 1) {
                call.accept("{\"attempt\":" + calls.get() + "}");
            }
        });
        SdkDriver.Client ann = tokenClient("ann");
        ann.subscribe(channel, null);
        TestBackend.Call silent = backend.nextCall();
        SdkEvent error = next(ann, "error", channel);
        assertThat(error.code()).as("internal, temporary").isEqualTo(100);
        assertThat(silent.awaitCancelled(WAIT_SECONDS)).isTrue();
        assertThat(next(ann, "subscribed", channel).data()).isEqualTo("{\"attempt\":2}");
        assertThat(backend.nextCall()).isNotSameAs(silent);
    }

    @Test
    void aCleanEndIsATerminalUnsubscribe2000() throws Exception {
        String channel = "uni:finite";
        acceptSubscriptions("{}");
        SdkDriver.Client ann = tokenClient("ann");
        subscribe(ann, channel, null);
        backend.nextCall().complete();
        SdkEvent unsubscribed = next(ann, "unsubscribed", channel);
        assertThat(unsubscribed.code()).isEqualTo(2000);
        assertThat(unsubscribed.text()).isEqualTo("server unsubscribe");
        assertThat(seenOn(ann, channel)).containsExactly("subscribing", "subscribed", "unsubscribed");
    }

    @Test
    void aFailedStreamIsUnsubscribe2500AndTheSdkResubscribesOnANewStream() throws Exception {
        String channel = "uni:flaky";
        AtomicInteger calls = new AtomicInteger();
        backend.onCall(call -> call.accept("{\"attempt\":" + calls.incrementAndGet() + "}"));
        SdkDriver.Client ann = tokenClient("ann");
        assertThat(subscribe(ann, channel, "{\"from\":\"sdk\"}").data()).isEqualTo("{\"attempt\":1}");
        TestBackend.Call first = backend.nextCall();
        first.fail(Status.UNAVAILABLE.withDescription("backend restarting"));

        SdkEvent subscribing = next(ann, "subscribing", channel);
        assertThat(subscribing.code()).isEqualTo(2500);
        assertThat(subscribing.text()).isEqualTo("insufficient state");
        TestBackend.Call second = backend.nextCall();
        assertThat(second).as("a new stream").isNotSameAs(first);
        assertThat(second.subscribeRequest().getChannel()).isEqualTo(channel);
        assertThat(utf8(second.subscribeRequest().getData())).as("the SDK sent its data again")
                .isEqualTo("{\"from\":\"sdk\"}");
        assertThat(second.subscribeRequest().getClient()).isEqualTo(first.subscribeRequest().getClient());
        assertThat(next(ann, "subscribed", channel).data()).isEqualTo("{\"attempt\":2}");

        second.push("{\"after\":\"resubscribe\"}");
        assertThat(next(ann, "publication", channel).data()).isEqualTo("{\"after\":\"resubscribe\"}");
    }

    @Test
    void unsubscribeAndDisconnectCancelTheBackendsCall() throws Exception {
        acceptSubscriptions("{}");
        SdkDriver.Client ann = tokenClient("ann");
        subscribe(ann, "uni:a", null);
        TestBackend.Call a = backend.nextCall();
        subscribe(ann, "uni:b", null);
        TestBackend.Call b = backend.nextCall();

        ann.unsubscribe("uni:a");
        assertThat(next(ann, "unsubscribed", "uni:a").code()).as("unsubscribe called").isZero();
        assertThat(a.awaitCancelled(WAIT_SECONDS)).as("cancelled on unsubscribe").isTrue();
        assertThat(b.cancelled).isNotDone();

        ann.disconnect();
        assertThat(next(ann, "disconnected", null).code()).as("disconnect called").isZero();
        assertThat(b.awaitCancelled(WAIT_SECONDS)).as("cancelled on disconnect").isTrue();
    }

    @Test
    void publishingIntoAUnidirectionalStreamIsRejectedWith108() throws Exception {
        String channel = "uni:readonly";
        acceptSubscriptions("{}");
        SdkDriver.Client ann = tokenClient("ann");
        subscribe(ann, channel, null);
        backend.nextCall();
        ann.publish(channel, "{\"nope\":true}");
        assertThat(next(ann, "published", channel).code()).isEqualTo(108);
    }

    @Test
    void theV5NamespacesCallTheCentrifugoProxyContract() throws Exception {
        acceptSubscriptions("{\"contract\":\"v5\"}");
        SdkDriver.Client ann = tokenClient("ann");
        assertThat(subscribe(ann, "v5:feed", "{\"q\":1}").data()).isEqualTo("{\"contract\":\"v5\"}");
        TestBackend.Call uni = backend.nextCall();
        assertThat(uni.service).isEqualTo("CentrifugoProxy");
        assertThat(uni.method).isEqualTo("SubscribeUnidirectional");
        assertThat(utf8(uni.subscribeRequest().getData())).isEqualTo("{\"q\":1}");
        uni.push("{\"v\":5}");
        assertThat(next(ann, "publication", "v5:feed").data()).isEqualTo("{\"v\":5}");

        subscribe(ann, "v5bidi:chat", null);
        TestBackend.Call bidi = backend.nextCall();
        assertThat(bidi.service).isEqualTo("CentrifugoProxy");
        assertThat(bidi.method).isEqualTo("SubscribeBidirectional");
        ann.publish("v5bidi:chat", "{\"say\":\"hi\"}");
        assertThat(next(ann, "published", "v5bidi:chat").code()).isZero();
        assertThat(fromClient(bidi)).isEqualTo("{\"say\":\"hi\"}");
    }

    // ---- connection streams ----

    @Test
    void aTokenlessConnectIsAuthenticatedAndFedByABidirectionalConnectionStream() throws Exception {
        backend.onCall(call -> call.send(acceptConnection("zoe", "{\"hello\":\"zoe\"}")));
        SdkDriver.Client zoe = client(node, null, "{\"name\":\"zoe\"}", Map.of("X-Session", "s-42"));
        SdkEvent connected = connect(zoe);
        assertThat(connected.data()).as("the backend's ConnectResult data").isEqualTo("{\"hello\":\"zoe\"}");

        TestBackend.Call call = backend.nextCall();
        assertThat(call.service).isEqualTo("CentrifugoProxyStream");
        assertThat(call.method).isEqualTo("ConnectBidirectional");
        var request = call.connectRequest();
        assertThat(utf8(request.getData())).isEqualTo("{\"name\":\"zoe\"}");
        assertThat(request.getClient()).as("the SDK's client id").isEqualTo(connected.text());
        assertThat(request.getTransport()).isEqualTo(sdk().transport());
        assertThat(request.getProtocol()).isEqualTo(sdk().protocol());
        assertThat(call.header("x-session")).as("forwarded upgrade header").isEqualTo("s-42");

        subscribe(zoe, "room:lobby", null);
        JsonNode presence = node.api().call("presence", "{\"channel\":\"room:lobby\"}").path("result").path("presence");
        assertThat(presence.path(connected.text()).path("user").asText()).as("the backend's result.user")
                .isEqualTo("zoe");

        for (int n = 1; n <= 3; n++) {
            call.push("{\"m\":" + n + "}");
        }
        for (int n = 1; n <= 3; n++) {
            assertThat(next(zoe, "message", null).data()).isEqualTo("{\"m\":" + n + "}");
        }

        zoe.send("{\"ping\":1}");
        assertThat(next(zoe, "sent", null).code()).isZero();
        assertThat(fromClient(call)).isEqualTo("{\"ping\":1}");

        zoe.disconnect();
        assertThat(call.awaitCancelled(WAIT_SECONDS)).as("cancelled on disconnect").isTrue();
    }

    @Test
    void aUnidirectionalConnectionStreamAuthenticatesAndPushesMessages() throws Exception {
        backend.onCall(call -> call.send(acceptConnection("yan", "{\"hello\":\"yan\"}")));
        SdkDriver.Client yan = client(uniConnectNode, null, "{\"name\":\"yan\"}", Map.of());
        SdkEvent connected = connect(yan);
        assertThat(connected.data()).isEqualTo("{\"hello\":\"yan\"}");
        TestBackend.Call call = backend.nextCall();
        assertThat(call.method).isEqualTo("ConnectUnidirectional");
        assertThat(utf8(call.connectRequest().getData())).isEqualTo("{\"name\":\"yan\"}");
        assertThat(call.connectRequest().getClient()).isEqualTo(connected.text());
        call.push("{\"m\":1}");
        call.push("{\"m\":2}");
        assertThat(next(yan, "message", null).data()).isEqualTo("{\"m\":1}");
        assertThat(next(yan, "message", null).data()).isEqualTo("{\"m\":2}");
    }

    @Test
    void anErrorInTheConnectionStreamsFirstMessageIsATerminalConnectError() throws Exception {
        backend.onCall(call -> call.send(Response.newBuilder().setConnectResponse(ConnectResponse.newBuilder()
                .setError(io.sluice.proto.proxystream.Error.newBuilder().setCode(1401).setMessage("who are you")))
                .build()));
        SdkDriver.Client vic = client(node, null, null, Map.of());
        vic.connect();
        SdkEvent disconnected = next(vic, "disconnected", null);
        assertThat(disconnected.code()).as("the SDKs end on a connect error that is not temporary").isEqualTo(1401);
        assertThat(disconnected.text()).isEqualTo("who are you");
        assertThat(backend.nextCall().awaitCancelled(WAIT_SECONDS)).as("the node dropped the refused call").isTrue();
    }

    @Test
    void aCleanConnectionStreamEndIsATerminalDisconnect3503() throws Exception {
        backend.onCall(call -> call.send(acceptConnection("xia", "{}")));
        SdkDriver.Client xia = client(node, null, null, Map.of());
        connect(xia);
        backend.nextCall().complete();
        SdkEvent disconnected = next(xia, "disconnected", null);
        assertThat(disconnected.code()).isEqualTo(3503);
        assertThat(disconnected.text()).isEqualTo("force disconnect");
        assertThat(xia.events().order()).as("no reconnect").containsExactly("connecting", "connected", "disconnected");
    }

    @Test
    void aFailedConnectionStreamIsDisconnect3010AndTheSdkReconnectsOnANewStream() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        backend.onCall(call -> call.send(acceptConnection("wes", "{\"attempt\":" + calls.incrementAndGet() + "}")));
        SdkDriver.Client wes = client(node, null, null, Map.of());
        SdkEvent first = connect(wes);
        assertThat(first.data()).isEqualTo("{\"attempt\":1}");
        TestBackend.Call firstCall = backend.nextCall();
        firstCall.fail(Status.UNAVAILABLE.withDescription("backend restarting"));

        SdkEvent connecting = next(wes, "connecting", null);
        assertThat(connecting.code()).isEqualTo(3010);
        assertThat(connecting.text()).isEqualTo("insufficient state");
        TestBackend.Call secondCall = backend.nextCall();
        assertThat(secondCall).as("a new stream").isNotSameAs(firstCall);
        SdkEvent second = next(wes, "connected", null);
        assertThat(second.data()).isEqualTo("{\"attempt\":2}");
        assertThat(secondCall.connectRequest().getClient()).isEqualTo(second.text());

        secondCall.push("{\"after\":\"reconnect\"}");
        assertThat(next(wes, "message", null).data()).isEqualTo("{\"after\":\"reconnect\"}");
    }
}
