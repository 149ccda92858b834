package io.sluice.node.engine.redis;

import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;

/** One Redis deployment (a server, a Sentinel-managed master or a Cluster) and the key names it uses. */
public record RedisShard(RedissonClient client, RedisKeys keys, String label) {

    /** A PUB/SUB channel whose messages are raw bytes. */
    public RTopic topic(String name) {
        return client.getTopic(name, ByteArrayCodec.INSTANCE);
    }
}
