package io.sluice.node.hub;

import io.sluice.node.engine.Broker;
import io.sluice.node.engine.ControlCommand;
import io.sluice.node.engine.LocalNode;
import io.sluice.proto.client.ClientInfo;
import io.sluice.proto.client.Join;
import io.sluice.proto.client.Leave;
import io.sluice.proto.client.Publication;
import io.sluice.proto.client.Push;
import io.sluice.proto.client.Reply;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * This node's registry of connections: by client id, by user, and by subscribed channel. It
 * fans broker events out to the local subscribers and tells the broker when the node gains its
 * first, or loses its last, subscriber of a channel. Broker calls made from inside the map's
 * compute must be quick and must not call back into the hub.
 */
public final class Hub implements LocalNode {

    private final Broker broker;
    private final Map<String, HubClient> clients = new ConcurrentHashMap<>();
    private final Map<String, Set<HubClient>> users = new ConcurrentHashMap<>();
    private final Map<String, Set<HubClient>> channels = new ConcurrentHashMap<>();

    public Hub(Broker broker) {
        this.broker = broker;
    }

    /**
     * Registers a connection unless its user already has {@code userLimit} connections on this node (0 or an
     * anonymous user: no limit). Check and add are one step, so a burst of connects cannot pass the limit.
     *
     * @return false when the limit refused it
     */
    public boolean addClient(HubClient client, int userLimit) {
        boolean limited = userLimit > 0 && !client.user().isEmpty();
        boolean[] added = new boolean[1];
        users.compute(client.user(), (u, set) -> {
            Set<HubClient> connections = set == null ? ConcurrentHashMap.newKeySet() : set;
            added[0] = !limited || connections.size() < userLimit;
            if (added[0]) {
                connections.add(client);
            }
            return connections.isEmpty() ? null : connections;
        });
        if (added[0]) {
            clients.put(client.clientId(), client);
        }
        return added[0];
    }

    public void removeClient(HubClient client) {
        clients.remove(client.clientId());
        users.computeIfPresent(client.user(), (u, set) -> {
            set.remove(client);
            return set.isEmpty() ? null : set;
        });
    }

    /**
     * Registers a local subscriber. The returned future completes once the broker delivers the
     * channel to this node (at once if it already did), or fails if it cannot.
     */
    public CompletableFuture<Void> addSubscriber(String channel, HubClient client) {
        AtomicReference<CompletableFuture<Void>> ready = new AtomicReference<>();
        channels.compute(channel, (c, set) -> {
            if (set == null) {
                set = ConcurrentHashMap.newKeySet();
                // Inside compute, so the broker hears first/last in the order they happened.
                broker.subscribe(channel);
            }
            set.add(client);
            // In the same step: no last unsubscribe can come between this subscriber and its readiness.
            ready.set(broker.ready(channel));
            return set;
        });
        return ready.get();
    }

    public void removeSubscriber(String channel, HubClient client) {
        channels.computeIfPresent(channel, (c, set) -> {
            set.remove(client);
            if (set.isEmpty()) {
                broker.unsubscribe(channel);
                return null;
            }
            return set;
        });
    }

    @Override
    public void onPublication(String channel, Publication publication) {
        fanOut(channel, Push.newBuilder().setChannel(channel).setPub(publication), PushFrame.Kind.PUBLICATION);
    }

    @Override
    public void onJoin(String channel, ClientInfo info) {
        fanOut(channel, Push.newBuilder().setChannel(channel).setJoin(Join.newBuilder().setInfo(info)),
                PushFrame.Kind.JOIN_LEAVE);
    }

    @Override
    public void onLeave(String channel, ClientInfo info) {
        fanOut(channel, Push.newBuilder().setChannel(channel).setLeave(Leave.newBuilder().setInfo(info)),
                PushFrame.Kind.JOIN_LEAVE);
    }

    private void fanOut(String channel, Push.Builder push, PushFrame.Kind kind) {
        Set<HubClient> subscribers = channels.get(channel);
        if (subscribers == null) {
            return;
        }
        PushFrame frame = new PushFrame(Reply.newBuilder().setPush(push).build(), kind);
        for (HubClient client : subscribers) {
            client.deliver(channel, frame);
        }
    }

    @Override
    public void onControl(ControlCommand command) {
        for (HubClient target : targets(command.user(), command.client())) {
            boolean whitelisted = command instanceof ControlCommand.Disconnect d
                    && d.whitelist().contains(target.clientId());
            if (!whitelisted) {
                target.apply(command);
            }
        }
    }

    /** The connections a command aims at: one client (of that user, when a user is given) or all of a user's. */
    private Collection<HubClient> targets(String user, String clientId) {
        if (clientId != null && !clientId.isEmpty()) {
            HubClient client = clients.get(clientId);
            boolean matches = client != null && (user == null || user.isEmpty() || user.equals(client.user()));
            return matches ? List.of(client) : List.of();
        }
        Set<HubClient> set = users.get(user == null ? "" : user);
        return set == null ? List.of() : List.copyOf(set);
    }

    @Override
    public int numClients() {
        return clients.size();
    }

    @Override
    public int numUsers() {
        return users.size();
    }

    @Override
    public int numChannels() {
        return channels.size();
    }

    @Override
    public int numSubscriptions() {
        return channels.values().stream().mapToInt(Set::size).sum();
    }

    /** Channel → number of local subscribers, sorted by name. */
    @Override
    public Map<String, Integer> channelCounts() {
        Map<String, Integer> counts = new TreeMap<>();
        channels.forEach((channel, set) -> counts.put(channel, set.size()));
        return counts;
    }

    public Collection<HubClient> allClients() {
        return List.copyOf(clients.values());
    }
}
