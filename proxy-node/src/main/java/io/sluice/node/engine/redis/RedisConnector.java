package io.sluice.node.engine.redis;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.resolver.DefaultAddressResolverGroup;
import io.sluice.node.config.NodeConfig.RedisOptions;
import io.sluice.node.config.RedisAddress;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisClient;
import org.redisson.client.RedisClientConfig;
import org.redisson.client.RedisConnection;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.protocol.RedisCommands;
import org.redisson.config.BaseConfig;
import org.redisson.config.BaseMasterSlaveServersConfig;
import org.redisson.config.Config;
import org.redisson.config.EqualJitterDelay;
import org.redisson.config.ReadMode;
import org.redisson.config.SubscriptionMode;
import org.redisson.config.TransportMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * Turns a {@link RedisAddress} into a Redisson client with the settings the engine relies on:
 * <ul>
 *   <li>one command connection per Redis master, pipelined, so commands about one channel reach Redis
 *       in the order the node issued them (Redisson pipelines instead of pooling below ten connections);</li>
 *   <li>no retries and {@code redis_io_timeout} as the response timeout, so a call fails instead of
 *       hanging or being replayed out of order while Redis is away;</li>
 *   <li>lazy connection with reconnects at most 2 s apart, so a node starts, and recovers, without Redis;</li>
 *   <li>plain EVAL (no script cache), so a script is never re-sent out of order after a Redis restart;</li>
 *   <li>reads, writes and subscriptions on masters only.</li>
 * </ul>
 */
final class RedisConnector {

    private static final Logger log = LoggerFactory.getLogger(RedisConnector.class);
    /** Thousands of channels share a subscription connection; Redisson's default of 5 would need thousands of sockets. */
    private static final int SUBSCRIPTIONS_PER_CONNECTION = 10_000;
    private static final int SUBSCRIPTION_CONNECTIONS = 8;
    /**
     * No PING on connections: with Redisson 4.7.0 a PING on a subscription connection now and then
     * swallows a message that arrives with its reply (measured here: about 1 in a million at 5k msg/s
     * with a ping every 5 s, none in millions without). TCP keepalive finds a silently dead connection
     * instead: idle 5 s, then 3 probes 2 s apart.
     */
    private static final int PING_INTERVAL_MILLIS = 0;
    private static final int KEEPALIVE_IDLE_SECONDS = 5;
    private static final int KEEPALIVE_INTERVAL_SECONDS = 2;
    private static final int KEEPALIVE_PROBES = 3;

    private final RedisOptions options;
    private final EventLoopGroup group;
    private final ExecutorService executor;

    RedisConnector(RedisOptions options, EventLoopGroup group, ExecutorService executor) {
        this.options = options;
        this.group = group;
        this.executor = executor;
    }

    /** A shard for {@code address}; a plain server address is probed once to see whether it is a cluster node. */
    RedisShard connect(RedisAddress address, String prefix) {
        Config config = new Config()
                .setCodec(ByteArrayCodec.INSTANCE)
                .setTransportMode(TransportMode.NIO)
                .setEventLoopGroup(group)
                .setExecutor(executor)
                .setUseScriptCache(false)
                .setKeepPubSubOrder(true)
                .setLazyInitialization(true)
                .setUsername(user(address))
                .setPassword(password(address));
        RedisAddress.Kind kind = address.kind() == RedisAddress.Kind.SERVER && isClusterNode(address)
                ? RedisAddress.Kind.CLUSTER : address.kind();
        switch (kind) {
            case SERVER -> common(config.useSingleServer()
                    .setAddress(address.nodeUri(address.hosts().get(0)))
                    .setDatabase(db(address))
                    .setConnectionPoolSize(1)
                    .setConnectionMinimumIdleSize(1)
                    .setSubscriptionConnectionPoolSize(SUBSCRIPTION_CONNECTIONS)
                    .setSubscriptionConnectionMinimumIdleSize(1));
            case SENTINEL -> masters(config.useSentinelServers()
                    .setMasterName(address.sentinelMasterName())
                    .setSentinelPassword(address.sentinelPassword())
                    .setCheckSentinelsList(false)
                    .setDatabase(db(address))
                    .addSentinelAddress(address.hosts().stream().map(address::nodeUri).toArray(String[]::new)));
            case CLUSTER -> masters(config.useClusterServers()
                    .addNodeAddress(address.hosts().stream().map(address::nodeUri).toArray(String[]::new)));
        }
        log.info("redis shard {}: {}", address, kind == address.kind() ? kind : "CLUSTER (detected)");
        RedissonClient client = Redisson.create(config);
        return new RedisShard(client, new RedisKeys(prefix, kind == RedisAddress.Kind.CLUSTER), address.toString());
    }

    private <T extends BaseMasterSlaveServersConfig<T>> void masters(T servers) {
        common(servers
                .setReadMode(ReadMode.MASTER)
                .setSubscriptionMode(SubscriptionMode.MASTER)
                .setMasterConnectionPoolSize(1)
                .setMasterConnectionMinimumIdleSize(1)
                .setSlaveConnectionPoolSize(1)
                .setSlaveConnectionMinimumIdleSize(1)
                .setSubscriptionConnectionPoolSize(SUBSCRIPTION_CONNECTIONS)
                .setSubscriptionConnectionMinimumIdleSize(1));
    }

    private <T extends BaseConfig<T>> void common(T servers) {
        servers.setTimeout(millis(options.ioTimeout()))
                .setConnectTimeout(millis(options.connectTimeout()))
                .setSubscriptionTimeout(millis(options.ioTimeout()))
                .setRetryAttempts(0)
                .setReconnectionDelay(new EqualJitterDelay(Duration.ofMillis(100), Duration.ofSeconds(2)))
                .setPingConnectionInterval(PING_INTERVAL_MILLIS)
                .setKeepAlive(true)
                .setTcpKeepAliveIdle(KEEPALIVE_IDLE_SECONDS)
                .setTcpKeepAliveInterval(KEEPALIVE_INTERVAL_SECONDS)
                .setTcpKeepAliveCount(KEEPALIVE_PROBES)
                .setSubscriptionsPerConnection(SUBSCRIPTIONS_PER_CONNECTION)
                .setClientName("sluice");
    }

    /**
     * Whether a plain address points at a Redis Cluster node (Centrifugo detects this too). Unreachable
     * means "assume a single server": the node must start while Redis is down.
     */
    private boolean isClusterNode(RedisAddress address) {
        RedisClientConfig probe = new RedisClientConfig()
                .setAddress(address.nodeUri(address.hosts().get(0)))
                .setGroup(group)
                .setExecutor(executor)
                // Given explicitly: Redisson's defaults here probe for kqueue classes, which are not shipped.
                .setSocketChannelClass(NioSocketChannel.class)
                .setResolverGroup(DefaultAddressResolverGroup.INSTANCE)
                .setConnectTimeout(millis(options.connectTimeout()))
                .setCommandTimeout(millis(options.ioTimeout()))
                .setUsername(user(address))
                .setPassword(password(address));
        RedisClient client = RedisClient.create(probe);
        try {
            RedisConnection connection = client.connect();
            Map<String, String> info = connection.sync(RedisCommands.INFO_CLUSTER);
            return "1".equals(info.get("cluster_enabled"));
        } catch (RuntimeException e) {
            log.warn("redis shard {} is not reachable now ({}); assuming a single server (use redis+cluster:// for a"
                    + " cluster); the node keeps trying to connect", address, e.getMessage());
            return false;
        } finally {
            client.shutdown();
        }
    }

    private int db(RedisAddress address) {
        return address.db() != 0 ? address.db() : options.db();
    }

    private String user(RedisAddress address) {
        return address.user() != null ? address.user() : options.user();
    }

    private String password(RedisAddress address) {
        return address.password() != null ? address.password() : options.password();
    }

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
    }
}
