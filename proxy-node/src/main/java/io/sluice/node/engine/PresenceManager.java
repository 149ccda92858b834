package io.sluice.node.engine;

import io.sluice.proto.client.ClientInfo;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Who is subscribed to a channel, across the cluster. */
public interface PresenceManager extends AutoCloseable {

    /** Adds or refreshes the entry of {@code info.client} in {@code channel}. */
    CompletableFuture<Void> add(String channel, ClientInfo info);

    CompletableFuture<Void> remove(String channel, String clientId);

    /** Client id → info. */
    CompletableFuture<Map<String, ClientInfo>> presence(String channel);

    CompletableFuture<PresenceStats> stats(String channel);

    @Override
    void close();
}
