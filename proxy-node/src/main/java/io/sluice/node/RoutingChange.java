package io.sluice.node;

import io.sluice.node.config.ChannelOptions;
import io.sluice.node.config.NodeConfig;
import io.sluice.node.config.StreamBackendConfig;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The channel namespaces whose subscription-stream routing differs between two config snapshots: a
 * different backend, a changed backend definition, a changed direction, or streams switched on or
 * off. Their stream subscribers are moved to the new routing (unsubscribe 2500, the SDK resubscribes);
 * every other subscriber keeps its stream. {@code ""} stands for channels without a namespace.
 */
public record RoutingChange(Set<String> namespaces) {

    /** Where a namespace's subscription streams go; null when it has none. */
    private record Route(StreamBackendConfig backend, boolean bidirectional) {
    }

    public static RoutingChange between(NodeConfig before, NodeConfig after) {
        Set<String> names = new TreeSet<>(before.namespaces().keySet());
        names.addAll(after.namespaces().keySet());
        names.add("");
        Set<String> changed = new TreeSet<>();
        for (String name : names) {
            if (!Objects.equals(route(before, name), route(after, name))) {
                changed.add(name);
            }
        }
        return new RoutingChange(Set.copyOf(changed));
    }

    private static Route route(NodeConfig config, String namespace) {
        ChannelOptions options = config.channelOptions(namespace);
        if (options == null || !options.isStream()) {
            return null;
        }
        return new Route(config.streamBackends().get(options.streamBackend()), options.streamBidirectional());
    }

    public boolean isEmpty() {
        return namespaces.isEmpty();
    }

    public boolean affects(String namespace) {
        return namespaces.contains(namespace);
    }
}
