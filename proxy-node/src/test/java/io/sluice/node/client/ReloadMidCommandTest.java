package io.sluice.node.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.node.config.NodeConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;

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

    /** The node's config as sessions see it, with a reload that removes every namespace after a number of reads. */
    private static final class ReloadAfterReads implements Supplier<NodeConfig> {
        private final Supplier<NodeConfig> loaded;
        private final NodeConfig withoutNamespaces;
        private int readsBeforeReload = -1;

        ReloadAfterReads(Supplier<NodeConfig> loaded) {
            this.loaded = loaded;
            try {
                this.withoutNamespaces = SessionHarness.config("");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        void reloadAfter(int reads) {
            readsBeforeReload = reads;
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

    static Stream<Arguments> commandsAndReloadPoints() {
        return Stream.of("\"subscribe\":{\"channel\":\"chat:x\"}", "\"publish\":{\"channel\":\"chat:x\",\"data\":{}}",
                        "\"presence\":{\"channel\":\"chat:x\"}", "\"presence_stats\":{\"channel\":\"chat:x\"}")
                .flatMap(command -> IntStream.rangeClosed(0, 4).mapToObj(reads -> Arguments.of(command, reads)));
    }

    /** Wherever the reload lands, the command is answered as under the old config or as under the new one. */
    @ParameterizedTest
    @MethodSource("commandsAndReloadPoints")
    void aReloadRemovingTheNamespaceMidCommandGivesTheOldOrTheNewAnswer(String command, int readsBeforeReload)
            throws Exception {
        ReloadAfterReads[] view = new ReloadAfterReads[1];
        try (SessionHarness client = new SessionHarness(CHAT, loaded -> view[0] = new ReloadAfterReads(loaded))) {
            client.connect("ann");
            view[0].reloadAfter(readsBeforeReload);
            client.send("{\"id\":2," + command + "}");
            List<JsonNode> replies = client.replies();
            assertThat(replies).hasSize(1);
            JsonNode reply = replies.get(0);
            assertThat(reply.path("id").asInt()).isEqualTo(2);
            assertThat(!reply.has("error") || reply.path("error").path("code").asInt() == 102)
                    .as("success under the old config or 102 under the new one: " + reply).isTrue();
        }
    }

    /**
     * The session read its snapshot just before the reload, so it still names the connect backend the
     * reload removed (no connection streams any more) or moved to another endpoint.
     */
    @ParameterizedTest
    @ValueSource(strings = {"", "\"proxy_stream_connect_endpoint\": \"grpc://127.0.0.1:10\""})
    void aConnectionStreamOnABackendAReloadRemovedOrRedefinedAnswersError100(String reloaded) throws Exception {
        String connectStreams = "\"proxy_stream_connect_endpoint\": \"grpc://127.0.0.1:9\"";
        NodeConfig before = SessionHarness.config(connectStreams);
        try (SessionHarness client = new SessionHarness(connectStreams, loaded -> () -> before)) {
            client.streams.update(SessionHarness.config(reloaded));
            client.send("{\"id\":1,\"connect\":{}}");
            List<JsonNode> replies = client.replies();
            assertThat(replies).hasSize(1);
            assertThat(replies.get(0).path("error").path("code").asInt()).isEqualTo(100);
        }
    }
}
