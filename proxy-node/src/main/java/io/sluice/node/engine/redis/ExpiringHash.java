package io.sluice.node.engine.redis;

import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A Redis HASH whose fields expire one by one: the HASH holds field → value, a ZSET holds field →
 * expiry time (Redis server time, unix ms). Writers re-add their fields before they expire; readers
 * drop the expired ones first. Both keys also get a key TTL, so a hash nobody refreshes disappears
 * whole. Presence entries and the node registry are such hashes; each operation is one Lua script,
 * so the two keys never disagree.
 */
public final class ExpiringHash {

    // Redis ≥ 5 replicates a script's effects, so reading TIME before writing is allowed; the call keeps 3.2–4 working.
    private static final String NOW = """
            if redis.replicate_commands then redis.replicate_commands() end
            local t = redis.call('time')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            """;

    /** KEYS: data, expire. ARGV: ttl ms, then field, value pairs. */
    private static final String ADD = NOW + """
            local ttl = tonumber(ARGV[1])
            for i = 2, #ARGV, 2 do
              redis.call('hset', KEYS[1], ARGV[i], ARGV[i + 1])
              redis.call('zadd', KEYS[2], now + ttl, ARGV[i])
            end
            redis.call('pexpire', KEYS[1], ttl)
            redis.call('pexpire', KEYS[2], ttl)
            return 1
            """;

    /** KEYS: data, expire. ARGV: fields. */
    private static final String REMOVE = """
            redis.call('hdel', KEYS[1], unpack(ARGV))
            redis.call('zrem', KEYS[2], unpack(ARGV))
            return 1
            """;

    /** KEYS: data, expire. Drops expired fields, then returns field, value, field, value, ... */
    private static final String READ = NOW + """
            local expired = redis.call('zrangebyscore', KEYS[2], '-inf', now)
            for i = 1, #expired, 1000 do
              redis.call('hdel', KEYS[1], unpack(expired, i, math.min(i + 999, #expired)))
            end
            if #expired > 0 then
              redis.call('zremrangebyscore', KEYS[2], '-inf', now)
            end
            return redis.call('hgetall', KEYS[1])
            """;

    /** Lua's unpack has a stack limit of a few thousand values: big batches go in slices. */
    private static final int MAX_FIELDS_PER_CALL = 1000;

    private ExpiringHash() {
    }

    /** Adds or refreshes {@code entries}, each to expire {@code ttlMillis} from now unless added again. */
    public static CompletableFuture<Void> add(RedissonClient redis, RedisKeys.Pair keys, long ttlMillis,
                                              Map<String, byte[]> entries) {
        List<CompletableFuture<?>> calls = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            if (args.isEmpty()) {
                args.add(utf8(Long.toString(ttlMillis)));
            }
            args.add(utf8(e.getKey()));
            args.add(e.getValue());
            if (args.size() > 2 * MAX_FIELDS_PER_CALL) {
                calls.add(eval(redis, keys, ADD, RScript.ReturnType.LONG, args));
                args = new ArrayList<>();
            }
        }
        if (!args.isEmpty()) {
            calls.add(eval(redis, keys, ADD, RScript.ReturnType.LONG, args));
        }
        return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new));
    }

    public static CompletableFuture<Void> remove(RedissonClient redis, RedisKeys.Pair keys, Collection<String> fields) {
        List<CompletableFuture<?>> calls = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        for (String field : fields) {
            args.add(utf8(field));
            if (args.size() == MAX_FIELDS_PER_CALL) {
                calls.add(eval(redis, keys, REMOVE, RScript.ReturnType.LONG, args));
                args = new ArrayList<>();
            }
        }
        if (!args.isEmpty()) {
            calls.add(eval(redis, keys, REMOVE, RScript.ReturnType.LONG, args));
        }
        return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new));
    }

    /** The live entries: field → value. */
    public static CompletableFuture<Map<String, byte[]>> read(RedissonClient redis, RedisKeys.Pair keys) {
        CompletableFuture<List<Object>> flat = eval(redis, keys, READ, RScript.ReturnType.LIST, List.of());
        return flat.thenApply(list -> {
            Map<String, byte[]> out = new LinkedHashMap<>();
            for (int i = 0; i + 1 < list.size(); i += 2) {
                out.put(new String((byte[]) list.get(i), StandardCharsets.UTF_8), (byte[]) list.get(i + 1));
            }
            return out;
        });
    }

    private static <R> CompletableFuture<R> eval(RedissonClient redis, RedisKeys.Pair keys, String script,
                                                 RScript.ReturnType type, List<Object> args) {
        return redis.getScript(ByteArrayCodec.INSTANCE)
                .<R>evalAsync(keys.data(), RScript.Mode.READ_WRITE, script, type, List.of(keys.data(), keys.expire()),
                        args.toArray())
                .toCompletableFuture();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
