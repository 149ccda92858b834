package io.sluice.node.engine.redis;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shard choice as a pure function: stable, in range, even, and consistent when shards are added. */
class ShardChoiceTest {

    @Test
    void fnv1a64MatchesThePublishedOffsetAndAKnownVector() {
        // The FNV-1a 64 offset basis is the hash of the empty input; "a" is the first vector of the reference table.
        assertThat(ShardChoice.fnv1a64(new byte[0])).isEqualTo(0xcbf29ce484222325L);
        assertThat(ShardChoice.fnv1a64("a".getBytes(StandardCharsets.UTF_8))).isEqualTo(0xaf63dc4c8601ec8cL);
    }

    @Test
    void oneShardTakesEverythingAndZeroIsRefused() {
        assertThat(ShardChoice.index("chat:lobby", 1)).isZero();
        assertThatThrownBy(() -> ShardChoice.index("chat:lobby", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void channelsSpreadEvenlyOverShards() {
        int shards = 4;
        int[] counts = new int[shards];
        for (int i = 0; i < 40_000; i++) {
            int index = ShardChoice.index("room:" + i, shards);
            assertThat(index).isBetween(0, shards - 1);
            counts[index]++;
        }
        for (int count : counts) {
            assertThat(count).isBetween(9_000, 11_000);
        }
    }

    @Test
    void theSameChannelAlwaysLandsOnTheSameShard() {
        for (int i = 0; i < 1000; i++) {
            assertThat(ShardChoice.index("user#" + i, 3)).isEqualTo(ShardChoice.index("user#" + i, 3));
        }
    }

    @Test
    void addingAShardMovesChannelsOnlyToTheNewShardAndAboutAFairShare() {
        Map<String, Integer> before = new HashMap<>();
        for (int i = 0; i < 30_000; i++) {
            before.put("ch" + i, ShardChoice.index("ch" + i, 3));
        }
        int moved = 0;
        for (Map.Entry<String, Integer> e : before.entrySet()) {
            int after = ShardChoice.index(e.getKey(), 4);
            if (after != e.getValue()) {
                assertThat(after).as("a moved channel goes to the new shard").isEqualTo(3);
                moved++;
            }
        }
        assertThat(moved).as("about a quarter moves").isBetween(6_500, 8_500);
    }
}
