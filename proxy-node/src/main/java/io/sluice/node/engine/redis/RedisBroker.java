package io.sluice.node.engine.redis;

import io.sluice.node.engine.Broker;
import io.sluice.node.engine.ControlCommand;
import io.sluice.proto.client.ClientInfo;
import io.sluice.proto.client.Publication;
import org.redisson.api.RTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The broker of the Redis engine: a channel's publications, joins and leaves go to its PUB/SUB
 * channel {@code P.client.CHANNEL} on the channel's shard; this node holds one Redis subscription
 * for each channel that has local subscribers (the hub counts them). Control commands go to
 * {@code P.control} on the first shard, which every node subscribes to.
 *
 * <p>Order: Redis delivers one channel's messages in PUBLISH order, Redisson hands them over one at a
 * time per channel, and the hub queues them onto each connection's event loop, so subscribers see
 * one publisher's publications in the order Redis received them.
 */
public final class RedisBroker implements Broker {

    private static final Logger log = LoggerFactory.getLogger(RedisBroker.class);

    private final RedisShards shards;
    private final TopicSubscriptions subscriptions;
    private final Duration timeout;
    private volatile Handler handler;

    /** @param timeout the longest a publish may take before it fails */
    public RedisBroker(RedisShards shards, TopicSubscriptions subscriptions, Duration timeout) {
        this.shards = shards;
        this.subscriptions = subscriptions;
        this.timeout = timeout;
    }

    @Override
    public void start(Handler handler) {
        this.handler = handler;
        RedisShard first = shards.first();
        subscriptions.want(first.topic(first.keys().control()), (redisChannel, bytes) -> {
            try {
                handler.onControl(ControlCodec.decode(bytes));
            } catch (Exception e) {
                log.warn("dropped an unreadable control message: {}", e.toString());
            }
        });
    }

    @Override
    public CompletableFuture<Void> publish(String channel, Publication publication) {
        return send(channelTopic(channel), ChannelMessage.publication(publication));
    }

    @Override
    public CompletableFuture<Void> publishJoin(String channel, ClientInfo info) {
        return send(channelTopic(channel), ChannelMessage.join(info));
    }

    @Override
    public CompletableFuture<Void> publishLeave(String channel, ClientInfo info) {
        return send(channelTopic(channel), ChannelMessage.leave(info));
    }

    @Override
    public CompletableFuture<Void> publishControl(ControlCommand command) {
        RedisShard first = shards.first();
        return send(first.topic(first.keys().control()), ControlCodec.encode(command));
    }

    /** Records the wish and returns at once (the hub calls this inside its map update); see {@link #ready}. */
    @Override
    public CompletableFuture<Void> subscribe(String channel) {
        subscriptions.want(channelTopic(channel), (redisChannel, bytes) -> deliver(channel, bytes));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> unsubscribe(String channel) {
        subscriptions.release(redisChannel(channel));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> ready(String channel) {
        return subscriptions.ready(redisChannel(channel));
    }

    private void deliver(String channel, byte[] bytes) {
        ChannelMessage message;
        try {
            message = ChannelMessage.decode(bytes);
        } catch (Exception e) {
            log.warn("dropped an unreadable message on channel {}: {}", channel, e.toString());
            return;
        }
        switch (message.kind()) {
            case ChannelMessage.PUBLICATION -> handler.onPublication(channel, message.publication());
            case ChannelMessage.JOIN -> handler.onJoin(channel, message.info());
            default -> handler.onLeave(channel, message.info());
        }
    }

    private RTopic channelTopic(String channel) {
        return shards.forChannel(channel).topic(redisChannel(channel));
    }

    private String redisChannel(String channel) {
        return shards.forChannel(channel).keys().channel(channel);
    }

    private CompletableFuture<Void> send(RTopic topic, byte[] message) {
        return topic.publishAsync(message).toCompletableFuture()
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(receivers -> null);
    }

    @Override
    public void close() {
        // The engine shuts the Redis clients down; subscriptions end with them.
    }
}
