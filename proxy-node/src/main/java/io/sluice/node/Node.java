package io.sluice.node;

import io.sluice.node.api.ServerApi;
import io.sluice.node.auth.TokenVerifier;
import io.sluice.node.config.ConfigException;
import io.sluice.node.config.NodeConfig;
import io.sluice.node.context.NodeContext;
import io.sluice.node.engine.Engine;
import io.sluice.node.engine.NodeIdentity;
import io.sluice.node.engine.memory.MemoryEngine;
import io.sluice.node.engine.redis.RedisEngine;
import io.sluice.node.hub.Hub;
import io.sluice.node.metrics.NodeMetrics;
import io.sluice.node.stream.BackendPool;
import io.sluice.node.stream.StreamBackends;
import io.sluice.node.transport.NodeServer;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** A running node: engine, hub, server API and the Netty server, wired from one config snapshot. */
public final class Node implements AutoCloseable {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Node.class);

    /** Time given to clients to receive their shutdown close frame before the event loops stop. */
    private static final long DRAIN_MILLIS = 500;

    private final Engine engine;
    private final NodeContext context;
    private final NodeServer server;
    private final int port;
    private ConfigWatcher watcher;
    private volatile boolean draining;

    private Node(NodeConfig initial) throws ConfigException, InterruptedException {
        NodeIdentity identity = NodeIdentity.create(hostName());
        this.engine = engine(initial, identity);
        Hub hub = new Hub(engine.broker());
        NodeMetrics metrics = new NodeMetrics();
        metrics.bindHub(hub);
        StreamBackends streams;
        try {
            streams = new StreamBackends(initial, metrics.streams());
        } catch (IllegalArgumentException e) {
            engine.close();
            throw new ConfigException(e.getMessage());
        }
        TokenVerifier tokens = new TokenVerifier(initial.token(), initial.subscriptionToken(), Clock.systemUTC());
        this.context = new NodeContext(streams::config, tokens,
                hub, engine.broker(), engine.presence(), engine.cluster(), streams, metrics, identity, Clock.systemUTC());
        engine.start(hub);
        this.server = new NodeServer(context, new ServerApi(context), this::ready);
        this.port = server.start(initial.address(), initial.port());
    }

    /** The engine {@code engine} names: {@code redis}, or the embedded {@code memory} one. */
    private static Engine engine(NodeConfig config, NodeIdentity identity) throws ConfigException {
        return config.engine().isRedis() ? RedisEngine.create(config, identity) : new MemoryEngine(identity);
    }

    public static Node start(NodeConfig config) throws ConfigException, InterruptedException {
        return new Node(config);
    }

    public int port() {
        return port;
    }

    /** Where the server API, health and metrics are served: {@code internal_port}, or {@link #port()}. */
    public int internalPort() {
        return server.internalPort();
    }

    /** Whether the node takes clients: not shutting down, and its engine's shared state reachable. */
    public boolean ready() {
        return !draining && context.cluster().reachable();
    }

    public NodeContext context() {
        return context;
    }

    /**
     * Reloads {@code files} whenever their content changes (checked every {@code intervalMillis}); a
     * missing file of {@code optional} counts as empty.
     */
    public synchronized void watchConfig(List<Path> files, Set<Path> optional, Map<String, String> env,
                                         long intervalMillis) {
        watcher = new ConfigWatcher(files, optional, env, new ConfigWatcher.Listener() {
            @Override
            public void reloaded(NodeConfig next) {
                reload(next);
            }

            @Override
            public void rejected(String reason) {
                context.metrics().configReload(false);
            }
        });
        watcher.start(intervalMillis);
    }

    /**
     * Swaps in a new config snapshot, with the backend pools it names in the same step. Namespaces whose stream routing changed have their stream
     * subscribers unsubscribed with 2500, so the SDKs resubscribe under the new routing; all other
     * streams stay. Listening address, port, engine and token keys are read once at start.
     */
    public synchronized void reload(NodeConfig next) {
        NodeConfig previous = context.config().get();
        List<BackendPool> retired;
        try {
            retired = context.streams().update(next);
        } catch (IllegalArgumentException e) {
            log.error("config reload rejected, keeping the previous config: {}", e.getMessage());
            context.metrics().configReload(false);
            return;
        }
        RoutingChange change = RoutingChange.between(previous, next);
        if (!change.isEmpty()) {
            log.info("stream routing changed for namespaces {}: their stream subscribers resubscribe", change.namespaces());
            context.hub().allClients().forEach(client -> client.reroute(change.namespaces()));
        }
        retired.forEach(BackendPool::retire);
        warnIfRestartNeeded(previous, next);
        context.metrics().configReload(true);
    }

    private static void warnIfRestartNeeded(NodeConfig previous, NodeConfig next) {
        if (!previous.address().equals(next.address()) || previous.port() != next.port()
                || !previous.engine().equals(next.engine()) || !previous.token().equals(next.token())
                || !Objects.equals(previous.subscriptionToken(), next.subscriptionToken())) {
            log.warn("address, port, engine and token settings changed: they take effect after a restart");
        }
    }

    /**
     * Stops accepting, tells every client connection to reconnect elsewhere (3001, also to those that
     * have not connected yet, so none is cut without a close code), cancels their streams, then
     * leaves the cluster (presence entries and registry entry removed at once) and releases everything.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (watcher != null) {
                watcher.close();
            }
        }
        draining = true;
        if (server.drain() > 0) {
            sleepQuietly(DRAIN_MILLIS);
        }
        server.close();
        context.streams().close();
        engine.close();
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
