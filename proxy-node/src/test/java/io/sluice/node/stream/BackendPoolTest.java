package io.sluice.node.stream;

import io.sluice.node.config.ConfigException;
import io.sluice.node.config.load.ConfigLoader;
import io.sluice.node.config.StreamBackendConfig;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.Status;
import io.sluice.node.Node;
import io.sluice.node.metrics.NodeMetrics;
import io.sluice.node.metrics.StreamMetrics;
import io.sluice.node.testing.TestBackend;
import io.sluice.proto.StreamMethods;
import io.sluice.proto.proxy.StreamSubscribeResponse;
import io.sluice.proto.proxy.SubscribeRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The backend connection pool's decisions (channels connect lazily, so most need no backend) and its idle shrinking. */
class BackendPoolTest {

    private static final StreamMetrics METRICS = new NodeMetrics().streams();

    private static StreamBackendConfig backend(String endpoint, int connections, int maxConnections) {
        return new StreamBackendConfig("prices", endpoint, StreamBackendConfig.Contract.PROXY_STREAM,
                Duration.ofSeconds(1), false, null, null, Map.of(), List.of(), false, connections, maxConnections,
                StreamBackendConfig.DEFAULT_MAX_RECEIVE_MESSAGE_SIZE);
    }

    private static BackendPool pool(int connections, int maxConnections) {
        return new BackendPool(backend("grpc://127.0.0.1:9", connections, maxConnections), METRICS);
    }

    private static List<BackendPool.Lease> acquire(BackendPool pool, int streams) {
        List<BackendPool.Lease> leases = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            leases.add(pool.acquire());
        }
        return leases;
    }

    @Test
    void grpcEndpointsResolveThroughDnsSoRoundRobinSeesEveryAddress() {
        assertThat(BackendPool.target("grpc://prices.default.svc:9000")).isEqualTo("dns:///prices.default.svc:9000");
        assertThat(BackendPool.target("dns:///prices-headless:9000")).isEqualTo("dns:///prices-headless:9000");
    }

    @Test
    void streamsSpreadOverTheKeptConnectionsThenFillSurplusOnesInOrder() {
        try (BackendPool pool = pool(2, 8)) {
            List<BackendPool.Lease> leases = acquire(pool, 2 * BackendPool.STREAMS_PER_CONNECTION);
            assertThat(pool.activeStreams()).containsExactly(100, 100);
            leases.add(pool.acquire());
            assertThat(pool.activeStreams()).containsExactly(100, 100, 1);

            leases.get(0).release();
            leases.get(0).release();
            assertThat(pool.activeStreams()).as("a release counts once").containsExactly(99, 100, 1);
            pool.acquire();
            assertThat(pool.activeStreams()).as("room on a kept connection goes first, so surplus ones can empty")
                    .containsExactly(100, 100, 1);
            acquire(pool, 100);
            assertThat(pool.activeStreams()).as("the first surplus connection fills before another opens")
                    .containsExactly(100, 100, 100, 1);
        }
    }

    @Test
    void atMaxConnectionsFurtherStreamsShareTheLeastLoadedConnection() {
        try (BackendPool pool = pool(1, 2)) {
            List<BackendPool.Lease> leases = acquire(pool, 2 * BackendPool.STREAMS_PER_CONNECTION);
            leases.get(150).release();
            acquire(pool, 3);
            assertThat(pool.activeStreams()).as("the free place first, then shared; no third connection")
                    .containsExactly(101, 101);
        }
    }

    @Test
    void aSurplusConnectionClosesOnceItsStreamsHaveEnded() throws Exception {
        try (TestBackend server = TestBackend.start();
             BackendPool pool = new BackendPool(backend(server.endpoint(), 1, 4), METRICS, Duration.ofSeconds(1))) {
            List<BackendPool.Lease> leases = acquire(pool, BackendPool.STREAMS_PER_CONNECTION + 1);
            ClientCall<SubscribeRequest, StreamSubscribeResponse> kept = openStream(leases.get(0));
            ClientCall<SubscribeRequest, StreamSubscribeResponse> surplus = openStream(leases.get(BackendPool.STREAMS_PER_CONNECTION));
            server.nextCall();
            server.nextCall();
            assertThat(pool.connections()).isEqualTo(2);

            surplus.cancel("done", null);
            leases.get(BackendPool.STREAMS_PER_CONNECTION).release();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (pool.connections() > 1 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(pool.connections()).as("the surplus connection closed, the kept one stays").isEqualTo(1);
            kept.cancel("done", null);
        }
    }

    /** A real call on the lease's channel, so that its connection opens. */
    private static ClientCall<SubscribeRequest, StreamSubscribeResponse> openStream(BackendPool.Lease lease) {
        ClientCall<SubscribeRequest, StreamSubscribeResponse> call = lease.channel().newCall(StreamMethods.SEED_SUBSCRIBE_UNI, CallOptions.DEFAULT);
        call.start(new ClientCall.Listener<StreamSubscribeResponse>() { }, new Metadata());
        call.request(1);
        call.sendMessage(SubscribeRequest.newBuilder().setChannel("feed:x").build());
        call.halfClose();
        return call;
    }

    @Test
    void aMessageAboveTheInboundLimitIsRecognisedWithItsSize() {
        assertThat(BackendPool.oversizedMessage(Status.RESOURCE_EXHAUSTED
                .withDescription("gRPC message exceeds maximum size 4194304: 5000000"))).isEqualTo(5_000_000);
        assertThat(BackendPool.oversizedMessage(Status.RESOURCE_EXHAUSTED.withDescription("quota exceeded")))
                .as("the backend's own RESOURCE_EXHAUSTED").isZero();
        assertThat(BackendPool.oversizedMessage(Status.UNAVAILABLE)).isZero();
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
