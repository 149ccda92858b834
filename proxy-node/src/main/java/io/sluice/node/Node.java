package io.sluice.node;

import io.sluice.node.api.ServerApi;
import io.sluice.node.auth.TokenVerifier;
import io.sluice.node.broker.Broker;
import io.sluice.node.broker.ControlCommand;
import io.sluice.node.broker.MemoryBroker;
import io.sluice.node.config.ConfigException;
import io.sluice.node.config.NodeConfig;
import io.sluice.node.hub.Hub;
import io.sluice.node.hub.HubClient;
import io.sluice.node.metrics.NodeMetrics;
import io.sluice.node.presence.MemoryPresence;
import io.sluice.node.presence.PresenceManager;
import io.sluice.node.protocol.DisconnectCode;
import io.sluice.node.stream.StreamBackends;
import io.sluice.node.transport.NodeServer;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** A running node: engine, hub, server API and the Netty server, wired from one config snapshot. */
public final class Node implements AutoCloseable {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Node.class);

    /** Time given to clients to receive their shutdown close frame before the event loops stop. */
    private static final long DRAIN_MILLIS = 500;

    private final AtomicReference<NodeConfig> config;
    private final NodeContext context;
    private final NodeServer server;
    private final int port;

    private Node(NodeConfig initial) throws ConfigException, InterruptedException {
        if (initial.engine().isRedis()) {
            // Refuse rather than run a single-node engine where the user asked for a cluster.
            throw new ConfigException("config error: key 'engine': the redis engine is not available in this build yet;"
                    + " use \"memory\" (single node)");
        }
        this.config = new AtomicReference<>(initial);
        Broker broker = new MemoryBroker();
        PresenceManager presence = new MemoryPresence();
        Hub hub = new Hub(broker);
        NodeMetrics metrics = new NodeMetrics();
        metrics.bindHub(hub);
        StreamBackends streams;
        try {
            streams = new StreamBackends(initial.streamBackends().values(), metrics.streams());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        this.context = new NodeContext(config::get, new TokenVerifier(initial.token(), Clock.systemUTC()),
                hub, broker, presence, streams, metrics, NodeIdentity.create(hostName()), Clock.systemUTC());
        broker.start(hub);
        this.server = new NodeServer(context, new ServerApi(context));
        this.port = server.start(initial.address(), initial.port());
    }

    public static Node start(NodeConfig config) throws ConfigException, InterruptedException {
        return new Node(config);
    }

    public int port() {
        return port;
    }

    public NodeContext context() {
        return context;
    }

    /** Stops accepting, tells every client to reconnect elsewhere (3001), then releases everything. */
    @Override
    public void close() {
        server.stopAccepting();
        Collection<HubClient> clients = context.hub().allClients();
        DisconnectCode shutdown = DisconnectCode.SHUTDOWN;
        for (HubClient client : clients) {
            client.apply(new ControlCommand.Disconnect(client.user(), shutdown.code(), shutdown.reason(),
                    client.clientId(), List.of()));
        }
        if (!clients.isEmpty()) {
            sleepQuietly(DRAIN_MILLIS);
        }
        server.close();
        context.streams().close();
        context.broker().close();
        context.presence().close();
        context.metrics().close();
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "sluice-node";
        }
    }
}
