package io.sluice.node.transport;

import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.sluice.node.config.NodeConfig.FrontDoorConfig;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Node-wide caps on client connections, checked before the upgrade: how many may be open at once
 * ({@code client_connection_limit}) and how many may open per second ({@code client_connection_rate_limit},
 * a token bucket holding one second's worth). Shared by every event loop, hence atomic. It also knows
 * every admitted client connection, so that a shutdown reaches those that have not connected yet too.
 */
final class ConnectionGate {

    /** Fired down an admitted client connection's pipeline when the node shuts down. */
    static final Object DRAIN = new Object();

    private final AtomicInteger open = new AtomicInteger();
    private final TokenBucket rate = new TokenBucket();
    /** Admitted client connections; a closed one leaves the group by itself. */
    private final ChannelGroup admitted = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private volatile boolean draining;

    /** Admits {@code channel} (counted until it closes) or says why not. */
    Verdict admit(Channel channel, FrontDoorConfig config) {
        int limit = config.connectionLimit();
        int before = open.getAndUpdate(n -> limit <= 0 || n < limit ? n + 1 : n);
        if (limit > 0 && before >= limit) {
            return Verdict.refuse(HttpResponseStatus.SERVICE_UNAVAILABLE, "connection_limit");
        }
        if (!rate.take(config.connectionRateLimit(), System.nanoTime())) {
            open.decrementAndGet();
            return Verdict.refuse(HttpResponseStatus.SERVICE_UNAVAILABLE, "connection_rate_limit");
        }
        channel.closeFuture().addListener(f -> open.decrementAndGet());
        admitted.add(channel);
        // Checked after joining the group: a concurrent drain either finds this channel or is seen here.
        if (draining) {
            return Verdict.refuse(HttpResponseStatus.SERVICE_UNAVAILABLE, "draining");
        }
        return Verdict.PASS;
    }

    /** Admits no one from now on and sends {@link #DRAIN} to every admitted connection; returns how many. */
    int drain() {
        draining = true;
        admitted.forEach(channel -> channel.pipeline().fireUserEventTriggered(DRAIN));
        return admitted.size();
    }

    /** Refills at {@code perSecond} tokens a second up to {@code perSecond}; 0 means unlimited. */
    static final class TokenBucket {
        private double tokens = -1;
        private long lastNanos;

        synchronized boolean take(int perSecond, long nowNanos) {
            if (perSecond <= 0) {
                return true;
            }
            tokens = tokens < 0 ? perSecond
                    : Math.min(perSecond, tokens + (nowNanos - lastNanos) / 1e9 * perSecond);
            lastNanos = nowNanos;
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }
    }
}
