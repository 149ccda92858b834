package io.sluice.bench.generator;

import io.sluice.bench.common.StreamKind;
import io.sluice.bench.common.StreamSpec;

import java.util.List;

/**
 * The clients one generator opens.
 *
 * @param route               through a Sluice node, or straight to the backend's gRPC streams
 * @param transport           proxied clients' transport (WebSocket unless a scenario compares transports)
 * @param host                node (proxied) or backend (direct) address
 * @param port                its port
 * @param connections         client connections
 * @param streams             subscriptions in all, spread evenly over the connections
 * @param kinds               stream kinds, used in turn
 * @param stream              what the backend sends on each stream
 * @param publishRate         client publications per stream and second (bidirectional kinds), 0 for none
 * @param publishSize         bytes per client publication
 * @param maxOpening          connections being set up at the same time
 * @param perSourceAddress    connections per 127.0.0.x source address once there are more than this
 */
public record LoadSpec(Route route, Transport transport, String host, int port, int connections, int streams,
                       List<StreamKind> kinds, StreamSpec stream, double publishRate, int publishSize,
                       int maxOpening, int perSourceAddress) {

    public enum Route { PROXIED, DIRECT }

    /** The same clients over {@code other}. */
    public LoadSpec over(Transport other) {
        return new LoadSpec(route, other, host, port, connections, streams, kinds, stream, publishRate, publishSize,
                maxOpening, perSourceAddress);
    }

    /** Subscriptions of connection {@code connection}: the first {@code streams % connections} get one more. */
    public int streamsOn(int connection) {
        return streams / connections + (connection < streams % connections ? 1 : 0);
    }

    public StreamKind kind(int connection, int stream) {
        return kinds.get((connection + stream) % kinds.size());
    }
}
