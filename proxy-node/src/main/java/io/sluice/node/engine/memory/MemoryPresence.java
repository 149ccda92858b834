package io.sluice.node.engine.memory;

import io.sluice.node.engine.PresenceManager;
import io.sluice.node.engine.PresenceStats;
import io.sluice.proto.client.ClientInfo;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** Presence of the embedded single-node engine. Entries leave with their connections. */
public final class MemoryPresence implements PresenceManager {

    private final Map<String, Map<String, ClientInfo>> channels = new ConcurrentHashMap<>();

    @Override
    public CompletableFuture<Void> add(String channel, ClientInfo info) {
        channels.computeIfAbsent(channel, c -> new ConcurrentHashMap<>()).put(info.getClient(), info);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> remove(String channel, String clientId) {
        channels.computeIfPresent(channel, (c, entries) -> {
            entries.remove(clientId);
            return entries.isEmpty() ? null : entries;
        });
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Map<String, ClientInfo>> presence(String channel) {
        return CompletableFuture.completedFuture(Map.copyOf(channels.getOrDefault(channel, Map.of())));
    }

    @Override
    public CompletableFuture<PresenceStats> stats(String channel) {
        return CompletableFuture.completedFuture(PresenceStats.of(channels.getOrDefault(channel, Map.of()).values()));
    }

    @Override
    public void close() {
        channels.clear();
    }
}
