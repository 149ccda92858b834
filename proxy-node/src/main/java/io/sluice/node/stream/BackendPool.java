package io.sluice.node.stream;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.sluice.node.config.StreamBackendConfig;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP/2 connections to one stream backend: a pool of independent ManagedChannels, each call
 * placed on the least-loaded one. The pool starts with {@code connections} channels and grows when
 * every channel carries {@link #STREAMS_PER_CONNECTION} streams, because grpc-java obeys a server's
 * MAX_CONCURRENT_STREAMS by silently queueing further streams on the same connection.
 */
public final class BackendPool implements AutoCloseable {

    /** The limit many servers and proxies advertise (Kestrel, Envoy defaults); below it nothing queues. */
    static final int STREAMS_PER_CONNECTION = 100;
    /** Backends ping-limit clients; grpc-java and gRPC Core reject pings more often than every 5 min. */
    private static final long KEEPALIVE_MINUTES = 5;
    private static final long KEEPALIVE_TIMEOUT_SECONDS = 20;
    /**
     * Per-stream HTTP/2 window. Unread messages of a paused stream wait in this window, so it bounds
     * the memory a stream can hold whatever the backend does, while being ample on a data-center link.
     */
    private static final int FLOW_CONTROL_WINDOW = 128 * 1024;

    private final StreamBackendConfig config;
    private final String target;
    private final ChannelCredentials credentials;
    private final List<Member> members = new ArrayList<>();
    private boolean closed;

    /** @throws IllegalArgumentException naming the backend when its TLS settings cannot be used */
    public BackendPool(StreamBackendConfig config) {
        this.config = config;
        this.target = target(config.endpoint());
        try {
            this.credentials = credentials(config);
            for (int i = 0; i < Math.max(1, config.connections()); i++) {
                members.add(newMember());
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("config error: stream backend '" + config.name() + "': cannot use the CA file \""
                    + config.tlsCertFile() + "\" for TLS: " + e.getMessage(), e);
        }
    }

    public StreamBackendConfig config() {
        return config;
    }

    /** {@code grpc://host:port} means DNS resolution too; round_robin then spreads over every address. */
    static String target(String endpoint) {
        return endpoint.startsWith("grpc://") ? "dns:///" + endpoint.substring("grpc://".length()) : endpoint;
    }

    private static ChannelCredentials credentials(StreamBackendConfig config) throws IOException {
        if (!config.tls()) {
            return InsecureChannelCredentials.create();
        }
        if (config.tlsCertFile() == null) {
            return TlsChannelCredentials.create();
        }
        return TlsChannelCredentials.newBuilder().trustManager(new File(config.tlsCertFile())).build();
    }

    private Member newMember() {
        NettyChannelBuilder builder = NettyChannelBuilder.forTarget(target, credentials)
                .defaultLoadBalancingPolicy("round_robin")
                .keepAliveTime(KEEPALIVE_MINUTES, TimeUnit.MINUTES)
                .keepAliveTimeout(KEEPALIVE_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .keepAliveWithoutCalls(false)
                .flowControlWindow(FLOW_CONTROL_WINDOW)
                // Retries would buffer client messages; a failed stream is reported, and the SDK resubscribes.
                .disableRetry()
                // Callbacks only hop onto the client's event loop, so the transport thread can run them.
                .directExecutor()
                .userAgent("sluice");
        if (config.tlsServerName() != null) {
            builder.overrideAuthority(config.tlsServerName());
        }
        return new Member(builder.build());
    }

    /** A channel for one more stream; {@link Lease#release()} when the call has closed. */
    public synchronized Lease acquire() {
        if (closed) {
            throw new IllegalStateException("backend " + config.name() + " is closed");
        }
        Member least = members.get(0);
        for (Member member : members) {
            if (member.active.get() < least.active.get()) {
                least = member;
            }
        }
        if (least.active.get() >= STREAMS_PER_CONNECTION) {
            least = newMember();
            members.add(least);
        }
        least.active.incrementAndGet();
        return new Lease(least);
    }

    /** Streams per pooled connection, for metrics and tests. */
    public synchronized List<Integer> activeStreams() {
        return members.stream().map(m -> m.active.get()).toList();
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (Member member : members) {
            member.channel.shutdownNow();
        }
    }

    private static final class Member {
        final ManagedChannel channel;
        final AtomicInteger active = new AtomicInteger();

        Member(ManagedChannel channel) {
            this.channel = channel;
        }
    }

    /** One stream's claim on a pooled channel. */
    public static final class Lease {
        private final Member member;
        private boolean released;

        private Lease(Member member) {
            this.member = member;
        }

        public io.grpc.Channel channel() {
            return member.channel;
        }

        /** Idempotent; called once the call has closed. */
        public synchronized void release() {
            if (!released) {
                released = true;
                member.active.decrementAndGet();
            }
        }
    }
}
