package io.sluice.node;

import io.sluice.node.config.ConfigException;
import io.sluice.node.config.NodeConfig;
import io.sluice.node.config.load.ConfigLoader;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Which namespaces a reload moves to new stream routing: pure, from two snapshots. */
class RoutingChangeTest {

    private static NodeConfig config(String backends, String namespaces) throws ConfigException {
        return ConfigLoader.fromJson("{\"stream_backends\": [" + backends + "], \"namespaces\": [" + namespaces + "]}");
    }

    private static final String A = "{\"name\": \"a\", \"endpoint\": \"grpc://a:1\"}";
    private static final String B = "{\"name\": \"b\", \"endpoint\": \"grpc://b:1\"}";

    @Test
    void theSameRoutingChangesNothing() throws Exception {
        NodeConfig before = config(A + "," + B, "{\"name\": \"x1\", \"proxy_stream_subscribe_backend\": \"a\"}");
        NodeConfig after = config(B + "," + A, "{\"name\": \"x1\", \"proxy_stream_subscribe_backend\": \"a\", \"presence\": true}");
        assertThat(RoutingChange.between(before, after).isEmpty()).isTrue();
    }

    @Test
    void anotherBackendAChangedBackendOrDirectionMovesOnlyThatNamespace() throws Exception {
        NodeConfig before = config(A + "," + B, "{\"name\": \"moved\", \"proxy_stream_subscribe_backend\": \"a\"},"
                + "{\"name\": \"kept\", \"proxy_stream_subscribe_backend\": \"b\"},"
                + "{\"name\": \"turned\", \"proxy_stream_subscribe_backend\": \"b\"},"
                + "{\"name\": \"plain\"}");
        NodeConfig after = config(A + "," + B, "{\"name\": \"moved\", \"proxy_stream_subscribe_backend\": \"b\"},"
                + "{\"name\": \"kept\", \"proxy_stream_subscribe_backend\": \"b\"},"
                + "{\"name\": \"turned\", \"proxy_stream_subscribe_backend\": \"b\", \"proxy_stream_subscribe_bidirectional\": true},"
                + "{\"name\": \"plain\", \"presence\": true}");
        assertThat(RoutingChange.between(before, after).namespaces()).isEqualTo(Set.of("moved", "turned"));

        NodeConfig redefined = config("{\"name\": \"a\", \"endpoint\": \"grpc://a:2\"}," + B,
                "{\"name\": \"moved\", \"proxy_stream_subscribe_backend\": \"a\"},"
                        + "{\"name\": \"kept\", \"proxy_stream_subscribe_backend\": \"b\"},"
                        + "{\"name\": \"turned\", \"proxy_stream_subscribe_backend\": \"b\"}, {\"name\": \"plain\"}");
        assertThat(RoutingChange.between(before, redefined).namespaces()).as("backend a's endpoint changed").isEqualTo(Set.of("moved"));
    }

    @Test
    void streamsSwitchedOnOrOffAndNamespacesAddedOrRemovedCount() throws Exception {
        NodeConfig before = config(A, "{\"name\": \"gone\", \"proxy_stream_subscribe_backend\": \"a\"}, {\"name\": \"later\"}");
        NodeConfig after = config(A, "{\"name\": \"later\", \"proxy_stream_subscribe_backend\": \"a\"},"
                + "{\"name\": \"fresh\", \"proxy_stream_subscribe_backend\": \"a\"}");
        assertThat(RoutingChange.between(before, after).namespaces()).isEqualTo(Set.of("gone", "later", "fresh"));
    }

    @Test
    void channelsWithoutNamespaceAreTheEmptyName() throws Exception {
        NodeConfig before = ConfigLoader.fromJson("{}");
        NodeConfig after = ConfigLoader.fromJson("{\"proxy_stream_subscribe_endpoint\": \"grpc://a:1\", \"proxy_stream_subscribe\": true}");
        assertThat(RoutingChange.between(before, after).namespaces()).containsExactly("");
    }
}
