package io.sluice.node.engine.redis;

import java.nio.charset.StandardCharsets;

/**
 * Which of N Redis shards owns a channel: jump consistent hash over the FNV-1a 64-bit hash of the
 * channel name (the scheme Centrifugo documents for its sharding). Adding an (N+1)th shard moves
 * only about 1/(N+1) of the channels, all of them to the new shard.
 */
public final class ShardChoice {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private ShardChoice() {
    }

    /** The shard index in {@code [0, shards)} for {@code channel}. */
    public static int index(String channel, int shards) {
        if (shards < 1) {
            throw new IllegalArgumentException("shards must be at least 1, got " + shards);
        }
        return shards == 1 ? 0 : jump(fnv1a64(channel.getBytes(StandardCharsets.UTF_8)), shards);
    }

    static long fnv1a64(byte[] bytes) {
        long hash = FNV_OFFSET;
        for (byte b : bytes) {
            hash ^= b & 0xff;
            hash *= FNV_PRIME;
        }
        return hash;
    }

    /** Lamping and Veach's jump consistent hash: walks the key's pseudo-random jumps until past the last bucket. */
    static int jump(long key, int buckets) {
        long bucket = -1;
        long next = 0;
        while (next < buckets) {
            bucket = next;
            key = key * 2862933555777941757L + 1;
            next = (long) ((bucket + 1) * ((double) (1L << 31) / (double) ((key >>> 33) + 1)));
        }
        return (int) bucket;
    }
}
