package io.sluice.node.transport;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.sluice.node.config.NodeConfig.FrontDoorConfig;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Node-wide caps on client connections, checked before the upgrade: how many may be open at once
 * ({@code client_connection_limit}) and how many may open per second ({@code client_connection_rate_limit},
 * a token bucket holding one second's worth). Shared by every event loop, hence atomic.
 */
final class ConnectionGate {

    private final AtomicInteger open = new AtomicInteger();
    private final TokenBucket rate = new TokenBucket();

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
        return Verdict.PASS;
    }

    int open() {
        return open.get();
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
