package io.sluice.node.engine.redis;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.sluice.node.config.ConfigException;
import io.sluice.node.config.NodeConfig;
import io.sluice.node.config.NodeConfig.RedisOptions;
import io.sluice.node.config.RedisAddress;
import io.sluice.node.engine.Broker;
import io.sluice.node.engine.Cluster;
import io.sluice.node.engine.Engine;
import io.sluice.node.engine.LocalNode;
import io.sluice.node.engine.NodeIdentity;
import io.sluice.node.engine.PresenceManager;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code engine: redis}: broker, presence and node registry shared through Redis (via Redisson),
 * over one or several shards. All shards share two Netty I/O threads, a small pool that runs
 * Redis callbacks and message delivery, and one timer thread.
 */
public final class RedisEngine implements Engine {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RedisEngine.class);

    private final EventLoopGroup group;
    private final ExecutorService executor;
    private final ScheduledExecutorService scheduler;
    private final RedisShards shards;
    private final TopicSubscriptions subscriptions;
    private final RedisBroker broker;
    private final RedisPresence presence;
    private final RedisCluster cluster;
    private final Duration presenceUpdateInterval;

    private RedisEngine(NodeConfig config, NodeIdentity identity) {
        RedisOptions options = config.engine().redis();
        this.group = new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("sluice-redis-io", true),
                NioIoHandler.newFactory());
        this.executor = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
                new DefaultThreadFactory("sluice-redis", true));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("sluice-redis-timer", true));
        RedisConnector connector = new RedisConnector(options, group, executor);
        List<RedisShard> all = new ArrayList<>();
        for (String address : config.engine().redisAddress()) {
            all.add(connector.connect(RedisAddress.parse(address), config.engine().redisPrefix()));
        }
        this.shards = new RedisShards(List.copyOf(all));
        this.subscriptions = new TopicSubscriptions(scheduler, options.ioTimeout());
        this.broker = new RedisBroker(shards, subscriptions, options.ioTimeout());
        this.presence = new RedisPresence(shards, options.presenceTtl(), options.ioTimeout());
        this.cluster = new RedisCluster(shards.first(), subscriptions, identity, options.ioTimeout());
        this.presenceUpdateInterval = config.clientPresenceUpdateInterval();
    }

    public static RedisEngine create(NodeConfig config, NodeIdentity identity) throws ConfigException {
        try {
            return new RedisEngine(config, identity);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("config error: key 'redis_address': " + e.getMessage());
        }
    }

    @Override
    public Broker broker() {
        return broker;
    }

    @Override
    public PresenceManager presence() {
        return presence;
    }

    @Override
    public Cluster cluster() {
        return cluster;
    }

    /** The node's Redis PUB/SUB subscriptions (channels with local subscribers, plus the node's own three). */
    public TopicSubscriptions subscriptions() {
        return subscriptions;
    }

    public RedisShards shards() {
        return shards;
    }

    @Override
    public void start(LocalNode hub) {
        broker.start(hub);
        presence.start(scheduler, presenceUpdateInterval);
        cluster.start(hub, scheduler);
    }

    /** Leaves the registry, removes this node's presence entries, then closes the connections. */
    @Override
    public void close() {
        log.info("leaving the cluster: removing this node's registry entry and its {} presence entries",
                presence.localEntries());
        cluster.close();
        presence.close();
        broker.close();
        for (RedisShard shard : shards.all()) {
            shard.client().shutdown(0, 2, TimeUnit.SECONDS);
        }
        scheduler.shutdownNow();
        executor.shutdownNow();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
