package io.sluice.node.engine;

import io.sluice.proto.client.ClientInfo;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

public record PresenceStats(int numClients, int numUsers) {

    public static PresenceStats of(Collection<ClientInfo> entries) {
        Set<String> users = new HashSet<>();
        for (ClientInfo info : entries) {
            users.add(info.getUser());
        }
        return new PresenceStats(entries.size(), users.size());
    }
}
