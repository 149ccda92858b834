package io.sluice.node.engine.redis;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Key and channel names under the prefix, with hash tags only where Redis Cluster needs them. */
class RedisKeysTest {

    @Test
    void standaloneNames() {
        RedisKeys keys = new RedisKeys("sluice", false);
        assertThat(keys.channel("chat:lobby")).isEqualTo("sluice.client.chat:lobby");
        assertThat(keys.control()).isEqualTo("sluice.control");
        assertThat(keys.survey()).isEqualTo("sluice.survey");
        assertThat(keys.node("n1")).isEqualTo("sluice.node.n1");
        assertThat(keys.presence("chat:lobby"))
                .isEqualTo(new RedisKeys.Pair("sluice.presence.data.chat:lobby", "sluice.presence.expire.chat:lobby"));
        assertThat(keys.nodes()).isEqualTo(new RedisKeys.Pair("sluice.nodes.data", "sluice.nodes.expire"));
    }

    @Test
    void clusterNamesPutBothKeysOfAPairInOneSlot() {
        RedisKeys keys = new RedisKeys("app", true);
        assertThat(keys.presence("chat:lobby"))
                .isEqualTo(new RedisKeys.Pair("app.presence.data.{chat:lobby}", "app.presence.expire.{chat:lobby}"));
        assertThat(keys.nodes()).isEqualTo(new RedisKeys.Pair("app.nodes.data.{nodes}", "app.nodes.expire.{nodes}"));
        assertThat(keys.channel("chat:lobby")).as("PUB/SUB is cluster-wide: no tag").isEqualTo("app.client.chat:lobby");
    }
}
