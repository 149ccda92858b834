package io.sluice.node.engine.redis;

import java.util.List;

/**
 * The shards of {@code redis_address}. A channel's publications and presence live on the shard
 * {@link ShardChoice} picks for it; the node-wide traffic (control commands, node registry,
 * surveys) lives on the first shard.
 */
public record RedisShards(List<RedisShard> all) {

    public RedisShard forChannel(String channel) {
        return all.get(ShardChoice.index(channel, all.size()));
    }

    public RedisShard first() {
        return all.get(0);
    }
}
