package io.sluice.node.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.node.config.NodeConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A config reload landing while a command is being handled: the command works on the one snapshot it
 * started with, and a stream it opens uses the backend that snapshot defines or fails with error 100
 * (the SDK retries under the new config); nothing throws.
 */
class ReloadMidCommandTest {

    private static final String CHAT = "\"namespaces\": [{\"name\": \"chat\", \"presence\": true,"
            + " \"allow_subscribe_for_client\": true, \"allow_publish_for_client\": true,"
            + " \"allow_presence_for_client\": true}]";

    /** The node's config as sessions see it, with a reload that removes every namespace right after the next read. */
    private static final class ReloadAfterNextRead implements Supplier<NodeConfig> {
        private final Supplier<NodeConfig> loaded;
        private final NodeConfig withoutNamespaces;
        private int readsBeforeReload = -1;

        ReloadAfterNextRead(Supplier<NodeConfig> loaded) {
            this.loaded = loaded;
            try {
                this.withoutNamespaces = SessionHarness.config("");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        void arm() {
            readsBeforeReload = 1;
        }

        @Override
        public NodeConfig get() {
            if (readsBeforeReload == 0) {
                return withoutNamespaces;
            }
            if (readsBeforeReload > 0) {
                readsBeforeReload--;
            }
            return loaded.get();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "\"subscribe\":{\"channel\":\"chat:x\"}",
            "\"publish\":{\"channel\":\"chat:x\",\"data\":{}}",
            "\"presence\":{\"channel\":\"chat:x\"}",
            "\"presence_stats\":{\"channel\":\"chat:x\"}"})
    void aCommandKeepsTheSnapshotItStartedWithWhenAReloadRemovesItsNamespace(String command) throws Exception {
        ReloadAfterNextRead[] view = new ReloadAfterNextRead[1];
        try (SessionHarness client = new SessionHarness(CHAT, loaded -> view[0] = new ReloadAfterNextRead(loaded))) {
            client.connect("ann");
            view[0].arm();
            client.send("{\"id\":2," + command + "}");
            List<JsonNode> replies = client.replies();
            assertThat(replies).hasSize(1);
            assertThat(replies.get(0).path("id").asInt()).isEqualTo(2);
            assertThat(replies.get(0).has("error")).as(replies.get(0).toString()).isFalse();
        }
    }

    @Test
    void aConnectionStreamOnABackendAReloadRemovedAnswersError100() throws Exception {
        NodeConfig before = SessionHarness.config("\"proxy_stream_connect_endpoint\": \"grpc://127.0.0.1:9\"");
        // The session read its snapshot just before the reload: it still names the connect backend.
        try (SessionHarness client = new SessionHarness("\"proxy_stream_connect_endpoint\": \"grpc://127.0.0.1:9\"",
                loaded -> () -> before)) {
            client.streams.update(SessionHarness.config(""));
            client.send("{\"id\":1,\"connect\":{}}");
            List<JsonNode> replies = client.replies();
            assertThat(replies).hasSize(1);
            assertThat(replies.get(0).path("error").path("code").asInt()).isEqualTo(100);
        }
    }

    @Test
    void aConnectionStreamOnABackendAReloadRedefinedAnswersError100() throws Exception {
        NodeConfig before = SessionHarness.config("\"proxy_stream_connect_endpoint\": \"grpc://127.0.0.1:9\"");
        try (SessionHarness client = new SessionHarness("\"proxy_stream_connect_endpoint\": \"grpc://127.0.0.1:9\"",
                loaded -> () -> before)) {
            client.streams.update(SessionHarness.config("\"proxy_stream_connect_endpoint\": \"grpc://127.0.0.1:10\""));
            client.send("{\"id\":1,\"connect\":{}}");
            assertThat(client.replies().get(0).path("error").path("code").asInt()).isEqualTo(100);
        }
    }
}
