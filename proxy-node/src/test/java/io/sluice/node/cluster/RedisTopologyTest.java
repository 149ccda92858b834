package io.sluice.node.cluster;

import io.sluice.node.testing.RedisCli;
import io.sluice.node.testing.RedisClusterProcesses;
import io.sluice.node.testing.RedisProcess;
import io.sluice.node.testing.SdkClient;
import io.sluice.node.testing.TestNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The other {@code redis_address} forms against real servers: a master found through Sentinel, and
 * a three-master Redis Cluster (reached through a plain address, detected, and through
 * {@code redis+cluster://}). Two nodes with an SDK client each must deliver across nodes and share
 * presence and the registry.
 */
class RedisTopologyTest {

    @Test
    void masterFoundThroughSentinel() throws Exception {
        try (RedisProcess master = RedisProcess.start(); RedisProcess sentinel = RedisProcess.sentinel(master.port())) {
            String address = "redis+sentinel://127.0.0.1:" + sentinel.port() + "?sentinel_master_name=mymaster";
            try (TestNode a = TestNode.start(RedisConfig.json(address)); TestNode b = TestNode.start(RedisConfig.json(address));
                 RedisCli cli = new RedisCli(master.port())) {
                crossNodeDeliveryAndPresence(a, b, "chat:sentinel", () -> assertThat(
                        cli.call("EXISTS", "sluice.presence.data.chat:sentinel")).as("data lives on the master").isEqualTo(1L));
            }
        }
    }

    @Test
    void redisClusterDetectedFromAPlainAddressOrNamedExplicitly() throws Exception {
        try (RedisClusterProcesses cluster = new RedisClusterProcesses()) {
            List<RedisProcess> masters = cluster.masters();
            String detected = masters.get(0).url();
            String explicit = "redis+cluster://127.0.0.1:" + masters.get(1).port() + "?addr=127.0.0.1:" + masters.get(2).port();
            try (TestNode a = TestNode.start(RedisConfig.json(detected)); TestNode b = TestNode.start(RedisConfig.json(explicit))) {
                crossNodeDeliveryAndPresence(a, b, "chat:cluster", () -> {
                    List<Object> keys = new ArrayList<>();
                    for (RedisProcess m : masters) {
                        try (RedisCli cli = new RedisCli(m.port())) {
                            keys.addAll((List<?>) cli.call("KEYS", "sluice.*"));
                        }
                    }
                    assertThat(keys).as("each HASH/ZSET pair shares a hash tag, so its Lua script runs in one slot")
                            .contains("sluice.presence.data.{chat:cluster}", "sluice.presence.expire.{chat:cluster}",
                                    "sluice.nodes.data.{nodes}", "sluice.nodes.expire.{nodes}");
                });
            }
        }
    }

    /** A check of Redis's contents, run while the clients are still subscribed. */
    private interface WhileSubscribed {
        void check() throws Exception;
    }

    private static void crossNodeDeliveryAndPresence(TestNode a, TestNode b, String channel, WhileSubscribed check)
            throws Exception {
        try (SdkClient alice = SdkClient.connect(a.wsUrl(), "alice"); SdkClient bob = SdkClient.connect(b.wsUrl(), "bob")) {
            alice.awaitConnected();
            bob.awaitConnected();
            alice.subscribed(channel);
            bob.subscribed(channel);
            assertThat(alice.<String>next("join:" + channel, 5)).isEqualTo("alice");
            assertThat(alice.<String>next("join:" + channel, 5)).isEqualTo("bob");

            b.api().call("publish", "{\"channel\":\"" + channel + "\",\"data\":{\"from\":\"b\"}}");
            a.api().call("publish", "{\"channel\":\"" + channel + "\",\"data\":{\"from\":\"a\"}}");
            assertThat(alice.<String>next("publication:" + channel, 2, 5)).containsExactly("{\"from\":\"b\"}", "{\"from\":\"a\"}");
            assertThat(bob.<String>next("publication:" + channel, 2, 5)).containsExactly("{\"from\":\"b\"}", "{\"from\":\"a\"}");

            assertThat(alice.presence(channel)).isEqualTo(Map.of(alice.clientId(), "alice", bob.clientId(), "bob"));
            await("both nodes in the registry").atMost(Duration.ofSeconds(10))
                    .until(() -> b.api().call("info", "{}").path("result").path("nodes").size() == 2);
            assertThat(a.api().call("channels", "{}").path("result").path("channels").path(channel)
                    .path("num_clients").asInt()).isEqualTo(2);
            check.check();
        }
    }
}
