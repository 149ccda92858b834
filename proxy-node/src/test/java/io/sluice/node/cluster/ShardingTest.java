package io.sluice.node.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.node.engine.redis.ShardChoice;
import io.sluice.node.testing.JsonClient;
import io.sluice.node.testing.Jwt;
import io.sluice.node.testing.RedisCli;
import io.sluice.node.testing.RedisProcess;
import io.sluice.node.testing.TestNode;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code redis_address} with two servers: each channel's PUB/SUB and presence live on the server
 * the consistent hash picks, channels spread over both, and every publication is delivered.
 */
class ShardingTest {

    private static final int CHANNELS = 40;

    @Test
    void channelsSpreadOverTwoRedisServersAndEveryPublicationIsDelivered() throws Exception {
        try (RedisProcess first = RedisProcess.start(); RedisProcess second = RedisProcess.start();
             RedisCli cli1 = new RedisCli(first.port()); RedisCli cli2 = new RedisCli(second.port())) {
            String config = RedisConfig.json("[\"" + first.url() + "\", \"" + second.url() + "\"]");
            List<String> channels = IntStream.range(0, CHANNELS).mapToObj(n -> "chat:shard" + n).toList();
            try (TestNode a = TestNode.start(config); TestNode b = TestNode.start(config);
                 JsonClient client = JsonClient.open(a.wsUrl())) {
                client.connect(Jwt.forUser("sharon", 60));
                for (String channel : channels) {
                    assertThat(client.subscribe(channel, null).has("subscribe")).isTrue();
                }

                List<RedisCli> shards = List.of(cli1, cli2);
                int[] perShard = new int[2];
                for (String channel : channels) {
                    int owner = ShardChoice.index(channel, 2);
                    perShard[owner]++;
                    assertThat(shards.get(owner).numSub("sluice.client." + channel)).as(channel + " on its shard").isEqualTo(1);
                    assertThat(shards.get(1 - owner).numSub("sluice.client." + channel)).as(channel + " not elsewhere").isZero();
                    assertThat(shards.get(owner).call("EXISTS", "sluice.presence.data." + channel)).isEqualTo(1L);
                    assertThat(shards.get(1 - owner).call("EXISTS", "sluice.presence.data." + channel)).isEqualTo(0L);
                }
                assertThat(perShard[0]).as("both servers carry channels").isGreaterThan(CHANNELS / 4);
                assertThat(perShard[1]).isGreaterThan(CHANNELS / 4);

                for (String channel : channels) {
                    b.api().call("publish", "{\"channel\":\"" + channel + "\",\"data\":{\"to\":\"" + channel + "\"}}");
                }
                Set<String> received = new HashSet<>();
                for (int i = 0; i < CHANNELS; i++) {
                    JsonNode push = client.next().path("push");
                    assertThat(push.path("pub").path("data").path("to").asText()).isEqualTo(push.path("channel").asText());
                    received.add(push.path("channel").asText());
                }
                assertThat(received).containsExactlyInAnyOrderElementsOf(channels);

                assertThat(cli1.call("EXISTS", "sluice.nodes.data")).as("the registry lives on the first shard").isEqualTo(1L);
                assertThat(cli2.call("EXISTS", "sluice.nodes.data")).isEqualTo(0L);
                assertThat(a.api().call("presence_stats", "{\"channel\":\"" + channels.get(7) + "\"}")
                        .path("result").path("num_clients").asInt()).isEqualTo(1);
            }
        }
    }
}
