package io.sluice.node.sdk;

import io.sluice.node.sdk.SdkDriver.ClientOptions;
import io.sluice.node.testing.Jwt;
import io.sluice.node.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Cross-site WebSocket hijacking, tried with the real centrifuge-js SDK (Node's {@code ws} lets a
 * script send any Origin, as a browser on another site would send its own).
 */
class JsOriginTest {

    private static TestNode node;
    private static JsDriver js;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start("\"allowed_origins\": [\"https://app.example.com\"]");
        js = JsDriver.start("json");
    }

    @AfterAll
    static void stop() {
        js.close();
        node.close();
    }

    private static SdkDriver.Client connect(Map<String, String> headers) {
        SdkDriver.Client client = js.client(new ClientOptions(node.wsUrl(), Jwt.forUser("ann", 60), null, headers));
        client.connect();
        return client;
    }

    @Test
    void aPageOnAnotherSiteNeverConnects() throws Exception {
        double refusedBefore = node.metric("sluice_front_door_refusals_total{reason=\"origin\"}");
        SdkDriver.Client evil = connect(Map.of("Origin", "https://evil.example"));
        await().atMost(10, TimeUnit.SECONDS).until(() ->
                node.metric("sluice_front_door_refusals_total{reason=\"origin\"}") >= refusedBefore + 2);
        assertThat(evil.events().none("connected")).as("the SDK keeps retrying and never gets in").isTrue();
        evil.disconnect();
    }

    @Test
    void theAllowedSiteAndNonBrowserClientsConnect() throws Exception {
        SdkDriver.Client app = connect(Map.of("Origin", "https://app.example.com"));
        SdkDriver.Client script = connect(Map.of());
        assertThat((Object) app.events().next("connected", 10)).isNotNull();
        assertThat((Object) script.events().next("connected", 10)).isNotNull();
        app.disconnect();
        script.disconnect();
    }
}
