package io.sluice.node.stream;

import io.sluice.node.config.ConfigException;
import io.sluice.node.config.ConfigLoader;
import io.sluice.node.config.StreamBackendConfig;
import io.sluice.node.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The backend connection pool's decisions; channels connect lazily, so no backend is needed. */
class BackendPoolTest {

    private static StreamBackendConfig backend(int connections) {
        return new StreamBackendConfig("prices", "grpc://127.0.0.1:9", StreamBackendConfig.Contract.PROXY_STREAM,
                Duration.ofSeconds(1), false, null, null, Map.of(), List.of(), false, connections);
    }

    @Test
    void grpcEndpointsResolveThroughDnsSoRoundRobinSeesEveryAddress() {
        assertThat(BackendPool.target("grpc://prices.default.svc:9000")).isEqualTo("dns:///prices.default.svc:9000");
        assertThat(BackendPool.target("dns:///prices-headless:9000")).isEqualTo("dns:///prices-headless:9000");
    }

    @Test
    void streamsGoToTheLeastLoadedConnectionAndThePoolGrowsPastTheStreamLimit() {
        try (BackendPool pool = new BackendPool(backend(2))) {
            List<BackendPool.Lease> leases = new ArrayList<>();
            for (int i = 0; i < 2 * BackendPool.STREAMS_PER_CONNECTION; i++) {
                leases.add(pool.acquire());
            }
            assertThat(pool.activeStreams()).containsExactly(100, 100);
            leases.add(pool.acquire());
            assertThat(pool.activeStreams()).containsExactly(100, 100, 1);

            leases.get(0).release();
            leases.get(0).release();
            assertThat(pool.activeStreams()).as("a release counts once").containsExactly(99, 100, 1);
            pool.acquire();
            assertThat(pool.activeStreams()).containsExactly(99, 100, 2);
        }
    }

    @Test
    void anUnusableCaFileRefusesToStartNamingBackendAndFile(@TempDir Path dir) throws Exception {
        Path ca = dir.resolve("ca.pem");
        Files.writeString(ca, "not a certificate");
        String json = "{\"address\": \"127.0.0.1\", \"port\": 1, \"stream_backends\": [{\"name\": \"secure\", \"endpoint\": \"grpc://127.0.0.1:9\","
                + " \"tls\": true, \"tls_cert_file\": \"" + ca + "\"}],"
                + " \"namespaces\": [{\"name\": \"prices\", \"proxy_stream_subscribe_backend\": \"secure\"}]}";
        assertThatThrownBy(() -> Node.start(ConfigLoader.fromJson(json)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("stream backend 'secure'")
                .hasMessageContaining(ca.toString());
    }
}
