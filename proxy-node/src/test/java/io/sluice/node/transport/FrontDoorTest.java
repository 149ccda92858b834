package io.sluice.node.transport;

import io.sluice.node.testing.ApiClient;
import io.sluice.node.testing.HttpProbe;
import io.sluice.node.testing.Jwt;
import io.sluice.node.testing.SocketClient;
import io.sluice.node.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The front door against a real node on loopback, spoken to byte by byte as a hostile client would:
 * every refusal arrives on the request head, before any body is read.
 */
class FrontDoorTest {

    private static final int BIG = 15_000_000;

    private static String apiHead(String apiKeyHeader, String extra) {
        return "POST /api/publish HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + BIG + "\r\n" + apiKeyHeader + extra + "\r\n";
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Origins {
        private TestNode listed;
        private TestNode unlisted;

        @BeforeAll
        void start() throws Exception {
            listed = TestNode.start("\"allowed_origins\": [\"https://*.example.com\"]");
            unlisted = TestNode.start("");
        }

        @AfterAll
        void stop() {
            listed.close();
            unlisted.close();
        }

        private int upgrade(TestNode node, String origin) throws Exception {
            try (HttpProbe probe = new HttpProbe(node.port())) {
                return probe.send(HttpProbe.upgrade(node.port(), origin == null ? "" : "Origin: " + origin + "\r\n"))
                        .status(2000);
            }
        }

        @Test
        void aListedGlobIsUpgradedAndAnythingElseForbidden() throws Exception {
            assertThat(upgrade(listed, "https://evil.example")).isEqualTo(403);
            assertThat(upgrade(listed, "https://app.example.com")).isEqualTo(101);
            assertThat(upgrade(listed, null)).as("no Origin: not a browser").isEqualTo(101);
            assertThat(listed.metric("sluice_front_door_refusals_total{reason=\"origin\"}")).isEqualTo(1);
        }

        @Test
        void withoutAListOnlyTheNodesOwnHostIsUpgraded() throws Exception {
            assertThat(upgrade(unlisted, "http://127.0.0.1:" + unlisted.port())).isEqualTo(101);
            assertThat(upgrade(unlisted, "http://127.0.0.1:3000")).isEqualTo(403);
            assertThat(upgrade(unlisted, "https://evil.example")).isEqualTo(403);
            assertThat(upgrade(unlisted, null)).isEqualTo(101);
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class BeforeAnyBody {
        private TestNode node;

        @BeforeAll
        void start() throws Exception {
            node = TestNode.start("\"api_max_request_body_size\": 1000");
        }

        @AfterAll
        void stop() {
            node.close();
        }

        @Test
        void anUnauthenticatedHugeBodyIsRefusedOnItsHeadWithoutContinue() throws Exception {
            for (String expect : List.of("", "Expect: 100-continue\r\n")) {
                try (HttpProbe probe = new HttpProbe(node.port())) {
                    String head = probe.send(apiHead("", expect)).head(1000);
                    assertThat(head).as("answered from the head, no 100 Continue first")
                            .startsWith("HTTP/1.1 401").contains("connection: close");
                    assertThat(probe.endsWithin(3000)).isTrue();
                }
            }
        }

        @Test
        void fiftyAttackersDoNotGrowTheNodesDirectMemory() throws Exception {
            ExecutorService writers = Executors.newFixedThreadPool(50);
            List<HttpProbe> probes = new ArrayList<>();
            try {
                attack(writers, probes, 5); // the allocator's first chunks, whatever the requests
                double before = node.metric("sluice_netty_direct_memory_bytes");
                assertThat(before).as("the allocator's direct memory is exported").isPositive();
                attack(writers, probes, 50);
                double after = node.metric("sluice_netty_direct_memory_bytes");
                // Buffering what the 50 managed to send (up to 1 MiB each) would be 50 MiB.
                assertThat(after - before).as("direct memory growth, bytes").isLessThan(4 * 1024 * 1024);
            } finally {
                writers.shutdownNow();
                for (HttpProbe probe : probes) {
                    probe.close();
                }
            }
        }

        /** {@code count} sockets that announce 15 MB and push up to 1 MiB of it, each refused within 1 s. */
        private void attack(ExecutorService writers, List<HttpProbe> probes, int count) throws Exception {
            byte[] chunk = new byte[64 * 1024];
            for (int i = 0; i < count; i++) {
                HttpProbe probe = new HttpProbe(node.port());
                probes.add(probe);
                probe.send(apiHead("", ""));
                writers.submit(() -> {
                    for (int k = 0; k < 16; k++) {
                        probe.send(chunk);
                    }
                    return null;
                });
                assertThat(probe.status(1000)).isEqualTo(401);
            }
        }

        @Test
        void anAuthenticatedBodyOverTheLimitIsTooLarge() throws Exception {
            try (HttpProbe probe = new HttpProbe(node.port())) {
                assertThat(probe.send(apiHead("X-API-Key: " + TestNode.API_KEY + "\r\n", "")).status(1000))
                        .isEqualTo(413);
            }
            ApiClient api = node.api();
            assertThat(api.raw("publish", "{\"channel\":\"c\",\"data\":\"" + "x".repeat(2000) + "\"}",
                    TestNode.API_KEY).statusCode()).isEqualTo(413);
            assertThat(api.call("publish", "{\"channel\":\"c\",\"data\":{}}").has("result")).isTrue();
        }

        @Test
        void routesWithoutABodyAndWrongMethodsAreRefused() throws Exception {
            try (HttpProbe probe = new HttpProbe(node.port())) {
                assertThat(probe.send("GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello").status(1000))
                        .isEqualTo(413);
            }
            try (HttpProbe probe = new HttpProbe(node.port())) {
                assertThat(probe.send("GET /api/info HTTP/1.1\r\nHost: x\r\nX-API-Key: " + TestNode.API_KEY
                        + "\r\n\r\n").status(1000)).isEqualTo(405);
            }
            try (HttpProbe probe = new HttpProbe(node.port())) {
                assertThat(probe.send("GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n").status(1000)).isEqualTo(404);
            }
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Deadlines {
        private TestNode node;

        @BeforeAll
        void start() throws Exception {
            node = TestNode.start("\"http_read_header_timeout\": \"1s\", \"http_idle_timeout\": \"1s\"");
        }

        @AfterAll
        void stop() {
            node.close();
        }

        @Test
        void slowSilentAndIdleSocketsAreClosedWhileARealClientStays() throws Exception {
            try (SocketClient client = new SocketClient(node.port(), 65536);
                 HttpProbe slow = new HttpProbe(node.port());
                 HttpProbe silent = new HttpProbe(node.port());
                 HttpProbe idle = new HttpProbe(node.port())) {
                client.sendText("{\"id\":1,\"connect\":{\"token\":\"" + Jwt.forUser("ann", 60) + "\"}}");
                assertThat(client.readFrame().opcode()).isEqualTo(SocketClient.Frame.TEXT);
                assertThat(idle.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n").status(1000)).isEqualTo(200);

                Thread dribble = new Thread(() -> {
                    try {
                        for (char c : "GET /health HTTP/1.1\r\nHost: x\r\n\r\n".toCharArray()) {
                            slow.send(String.valueOf(c));
                            Thread.sleep(300);
                        }
                    } catch (Exception closed) {
                        // the node closed it: what this test expects
                    }
                });
                dribble.start();
                long start = System.nanoTime();
                assertThat(silent.endsWithin(2000)).as("silent socket").isTrue();
                assertThat(slow.endsWithin(2000)).as("slow head").isTrue();
                assertThat(idle.endsWithin(2000)).as("idle keep-alive").isTrue();
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2500);
                dribble.join();

                client.sendText("{\"id\":2,\"presence_stats\":{\"channel\":\"x\"}}");
                assertThat(client.readFrame().opcode()).as("the connected client is untouched")
                        .isEqualTo(SocketClient.Frame.TEXT);
            }
            assertThat(node.metric("sluice_front_door_refusals_total{reason=\"deadline\"}")).isEqualTo(3);
        }
    }

    @Nested
    class ConnectionCaps {
        @Test
        void theConnectionOverTheLimitGets503UntilOneCloses() throws Exception {
            try (TestNode node = TestNode.start("\"client_connection_limit\": 2")) {
                SocketClient first = new SocketClient(node.port(), 65536);
                try (SocketClient second = new SocketClient(node.port(), 65536);
                     HttpProbe third = new HttpProbe(node.port())) {
                    assertThat(third.send(HttpProbe.upgrade(node.port(), "")).status(1000)).isEqualTo(503);
                    first.close();
                    await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> {
                        try (HttpProbe again = new HttpProbe(node.port())) {
                            assertThat(again.send(HttpProbe.upgrade(node.port(), "")).status(1000)).isEqualTo(101);
                        }
                    });
                }
                assertThat(node.metric("sluice_front_door_refusals_total{reason=\"connection_limit\"}"))
                        .isGreaterThanOrEqualTo(1);
            }
        }

        @Test
        void aBurstOverTheRateLimitIsRefusedForTheExcessOnly() throws Exception {
            try (TestNode node = TestNode.start("\"client_connection_rate_limit\": 5")) {
                List<HttpProbe> burst = new ArrayList<>();
                try {
                    long start = System.nanoTime();
                    for (int i = 0; i < 8; i++) {
                        burst.add(new HttpProbe(node.port()).send(HttpProbe.upgrade(node.port(), "")));
                    }
                    int admitted = 0;
                    for (HttpProbe probe : burst) {
                        int status = probe.status(2000);
                        assertThat(status).isIn(101, 503);
                        admitted += status == 101 ? 1 : 0;
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    // One second's worth at once, then the refill of however long the burst took.
                    assertThat(admitted).isBetween(5, 5 + (int) Math.floor(seconds * 5));
                } finally {
                    for (HttpProbe probe : burst) {
                        probe.close();
                    }
                }
            }
        }
    }

    @Nested
    class InternalPort {
        @Test
        void theApiHealthAndMetricsMoveOffTheClientPort() throws Exception {
            int internal;
            try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                internal = free.getLocalPort();
            }
            try (TestNode node = TestNode.start("\"internal_port\": \"" + internal + "\"")) {
                assertThat(node.node().internalPort()).isEqualTo(internal);
                ApiClient onClientPort = node.api();
                assertThat(onClientPort.get("/health").statusCode()).isEqualTo(404);
                assertThat(onClientPort.raw("info", "{}", TestNode.API_KEY).statusCode()).isEqualTo(404);
                ApiClient onInternal = new ApiClient("http://127.0.0.1:" + internal, TestNode.API_KEY);
                assertThat(onInternal.get("/health").statusCode()).isEqualTo(200);
                assertThat(onInternal.get("/ready").statusCode()).as("memory engine: always reachable").isEqualTo(200);
                assertThat(onInternal.call("info", "{}").has("result")).isTrue();
                try (HttpProbe ws = new HttpProbe(internal)) {
                    assertThat(ws.send(HttpProbe.upgrade(internal, "")).status(1000)).isEqualTo(404);
                }
                try (SocketClient client = new SocketClient(node.port(), 65536)) {
                    client.sendText("{\"id\":1,\"connect\":{\"token\":\"" + Jwt.forUser("ann", 60) + "\"}}");
                    assertThat(client.readFrame().opcode()).isEqualTo(SocketClient.Frame.TEXT);
                }
            }
        }

        @Test
        void apiDisableTakesTheApiAway() throws Exception {
            try (TestNode node = TestNode.start("\"api_disable\": true")) {
                assertThat(node.api().raw("info", "{}", TestNode.API_KEY).statusCode()).isEqualTo(404);
                assertThat(node.api().get("/health").statusCode()).isEqualTo(200);
            }
        }
    }
}
