package io.sluice.node.engine.redis;

import com.google.protobuf.InvalidProtocolBufferException;
import io.sluice.node.engine.PresenceManager;
import io.sluice.node.engine.PresenceStats;
import io.sluice.proto.client.ClientInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Presence of the Redis engine: per channel an {@link ExpiringHash} of client id → ClientInfo on
 * the channel's shard. Each node re-adds the entries of its own clients every
 * {@code client_presence_update_interval}, each living {@code redis_presence_ttl}; so the entries
 * of a node that dies expire on their own, and the entries Redis lost in a restart come back.
 *
 * <p>The node keeps its own entries in memory for that refresh. Writes for one channel are issued
 * under that channel's monitor, and a shard carries them over one connection, so Redis applies them
 * in the order the node made them (a refresh never resurrects an entry removed just before).
 */
public final class RedisPresence implements PresenceManager {

    private static final Logger log = LoggerFactory.getLogger(RedisPresence.class);

    private final RedisShards shards;
    private final Duration ttl;
    private final Duration timeout;
    private final Map<String, Local> local = new ConcurrentHashMap<>();
    private ScheduledFuture<?> refresher;

    /** This node's entries of one channel; guarded by its own monitor. */
    private static final class Local {
        final Map<String, byte[]> entries = new HashMap<>();
        /** Dropped from the map once empty: an add needs a new one. */
        boolean retired;
    }

    /** @param timeout the longest a presence read may take before it fails */
    public RedisPresence(RedisShards shards, Duration ttl, Duration timeout) {
        this.shards = shards;
        this.ttl = ttl;
        this.timeout = timeout;
    }

    /** Starts refreshing this node's entries every {@code interval}. */
    public void start(ScheduledExecutorService scheduler, Duration interval) {
        refresher = scheduler.scheduleWithFixedDelay(this::refresh, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public CompletableFuture<Void> add(String channel, ClientInfo info) {
        byte[] value = info.toByteArray();
        while (true) {
            Local entries = local.computeIfAbsent(channel, c -> new Local());
            synchronized (entries) {
                if (entries.retired) {
                    continue;
                }
                entries.entries.put(info.getClient(), value);
                return timed(write(channel, Map.of(info.getClient(), value)));
            }
        }
    }

    @Override
    public CompletableFuture<Void> remove(String channel, String clientId) {
        Local entries = local.get(channel);
        if (entries == null) {
            return CompletableFuture.completedFuture(null);
        }
        synchronized (entries) {
            if (entries.entries.remove(clientId) == null) {
                return CompletableFuture.completedFuture(null);
            }
            if (entries.entries.isEmpty()) {
                entries.retired = true;
                local.remove(channel, entries);
            }
            RedisShard shard = shards.forChannel(channel);
            return timed(ExpiringHash.remove(shard.client(), shard.keys().presence(channel), List.of(clientId)));
        }
    }

    @Override
    public CompletableFuture<Map<String, ClientInfo>> presence(String channel) {
        RedisShard shard = shards.forChannel(channel);
        return timed(ExpiringHash.read(shard.client(), shard.keys().presence(channel))).thenApply(raw -> {
            Map<String, ClientInfo> out = new LinkedHashMap<>();
            raw.forEach((client, bytes) -> {
                try {
                    out.put(client, ClientInfo.parseFrom(bytes));
                } catch (InvalidProtocolBufferException e) {
                    log.warn("skipped an unreadable presence entry of {} in {}", client, channel);
                }
            });
            return out;
        });
    }

    @Override
    public CompletableFuture<PresenceStats> stats(String channel) {
        return presence(channel).thenApply(entries -> PresenceStats.of(entries.values()));
    }

    /** Re-adds every entry of this node, channel by channel. */
    void refresh() {
        for (Map.Entry<String, Local> e : local.entrySet()) {
            synchronized (e.getValue()) {
                if (!e.getValue().retired && !e.getValue().entries.isEmpty()) {
                    write(e.getKey(), Map.copyOf(e.getValue().entries)).exceptionally(failure -> {
                        log.debug("presence refresh of {} failed: {}", e.getKey(), failure.toString());
                        return null;
                    });
                }
            }
        }
    }

    /** Number of this node's own entries (all channels). */
    public int localEntries() {
        return local.values().stream().mapToInt(l -> {
            synchronized (l) {
                return l.entries.size();
            }
        }).sum();
    }

    private CompletableFuture<Void> write(String channel, Map<String, byte[]> entries) {
        RedisShard shard = shards.forChannel(channel);
        return ExpiringHash.add(shard.client(), shard.keys().presence(channel), ttl.toMillis(), entries);
    }

    private <T> CompletableFuture<T> timed(CompletableFuture<T> future) {
        return future.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Removes every entry of this node from Redis (a graceful shutdown), waiting at most the timeout. */
    @Override
    public void close() {
        if (refresher != null) {
            refresher.cancel(false);
        }
        List<CompletableFuture<Void>> removals = new ArrayList<>();
        for (Map.Entry<String, Local> e : local.entrySet()) {
            synchronized (e.getValue()) {
                e.getValue().retired = true;
                RedisShard shard = shards.forChannel(e.getKey());
                removals.add(ExpiringHash.remove(shard.client(), shard.keys().presence(e.getKey()),
                        List.copyOf(e.getValue().entries.keySet())));
            }
        }
        local.clear();
        try {
            CompletableFuture.allOf(removals.toArray(CompletableFuture[]::new))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.warn("could not remove this node's presence entries from Redis ({}); they expire within {}",
                    e.toString(), ttl);
        }
    }
}
