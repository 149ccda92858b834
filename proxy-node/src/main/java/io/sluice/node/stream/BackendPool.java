package io.sluice.node.stream;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ChannelCredentials;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ConnectivityState;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.sluice.node.config.StreamBackendConfig;
import io.sluice.node.metrics.StreamMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP/2 connections to one stream backend: a pool of independent ManagedChannels. The pool keeps
 * {@code connections} channels and spreads streams over them; when every one carries
 * {@link #STREAMS_PER_CONNECTION} streams it adds surplus channels, up to {@code max_connections},
 * because grpc-java obeys a server's MAX_CONCURRENT_STREAMS by silently queueing further streams on the
 * same connection. Streams fill surplus channels in order, so that when load falls the later ones empty
 * and close their connection after {@link #SURPLUS_IDLE_TIMEOUT}. At the bound, streams share the
 * least-loaded channel (most backends allow far more than 100 streams per connection).
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
    /** How long a surplus channel keeps its connection without streams; re-connecting costs one handshake. */
    static final Duration SURPLUS_IDLE_TIMEOUT = Duration.ofMinutes(1);
    /** grpc-java's wording when a received message exceeds maxInboundMessageSize (MessageDeframer). */
    private static final Pattern OVERSIZED = Pattern.compile("gRPC message exceeds maximum size (\\d+): (\\d+)");

    private static final Logger log = LoggerFactory.getLogger(BackendPool.class);

    private final StreamBackendConfig config;
    private final StreamMetrics metrics;
    private final Duration surplusIdleTimeout;
    private final String target;
    private final ChannelCredentials credentials;
    private final List<Member> members = new ArrayList<>();
    private boolean closed;
    private boolean boundLogged;

    /** @throws IllegalArgumentException naming the backend when its TLS settings cannot be used */
    public BackendPool(StreamBackendConfig config, StreamMetrics metrics) {
        this(config, metrics, SURPLUS_IDLE_TIMEOUT);
    }

    BackendPool(StreamBackendConfig config, StreamMetrics metrics, Duration surplusIdleTimeout) {
        this.config = config;
        this.metrics = metrics;
        this.surplusIdleTimeout = surplusIdleTimeout;
        this.target = target(config.endpoint());
        try {
            this.credentials = credentials(config);
            for (int i = 0; i < Math.max(1, config.connections()); i++) {
                members.add(newMember(false));
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

    private Member newMember(boolean surplus) {
        NettyChannelBuilder builder = NettyChannelBuilder.forTarget(target, credentials)
                .defaultLoadBalancingPolicy("round_robin")
                .keepAliveTime(KEEPALIVE_MINUTES, TimeUnit.MINUTES)
                .keepAliveTimeout(KEEPALIVE_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .keepAliveWithoutCalls(false)
                .flowControlWindow(FLOW_CONTROL_WINDOW)
                .maxInboundMessageSize(config.maxReceiveMessageSize())
                .intercept(new OversizedMessages())
                // Retries would buffer client messages; a failed stream is reported, and the SDK resubscribes.
                .disableRetry()
                // Callbacks only hop onto the client's event loop, so the transport thread can run them.
                .directExecutor()
                .userAgent("sluice");
        if (config.tlsServerName() != null) {
            builder.overrideAuthority(config.tlsServerName());
        }
        if (surplus) {
            // gRPC's idle mode closes the connection once the channel has had no call for this long.
            builder.idleTimeout(surplusIdleTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        return new Member(builder.build());
    }

    /** A channel for one more stream; {@link Lease#release()} when the call has closed. */
    public synchronized Lease acquire() {
        if (closed) {
            throw new IllegalStateException("backend " + config.name() + " is closed");
        }
        Member chosen = leastLoaded(members.subList(0, config.connections()));
        for (int i = config.connections(); i < members.size() && isFull(chosen); i++) {
            chosen = members.get(i);
        }
        if (isFull(chosen)) {
            if (members.size() < config.maxConnections()) {
                chosen = newMember(true);
                members.add(chosen);
            } else {
                chosen = leastLoaded(members);
                logBoundOnce();
            }
        }
        chosen.active.incrementAndGet();
        return new Lease(chosen);
    }

    private static boolean isFull(Member member) {
        return member.active.get() >= STREAMS_PER_CONNECTION;
    }

    private static Member leastLoaded(List<Member> candidates) {
        Member least = candidates.get(0);
        for (Member member : candidates) {
            if (member.active.get() < least.active.get()) {
                least = member;
            }
        }
        return least;
    }

    private void logBoundOnce() {
        if (!boundLogged) {
            boundLogged = true;
            log.warn("stream backend {}: all {} connections (max_connections) carry {} streams; further streams share"
                    + " them, and wait if the backend allows no more per connection", config.name(),
                    config.maxConnections(), STREAMS_PER_CONNECTION);
        }
    }

    /** Streams per pooled channel, for metrics and tests. */
    public synchronized List<Integer> activeStreams() {
        return members.stream().map(m -> m.active.get()).toList();
    }

    /** Channels holding a connection (or making one): surplus channels left idle have none. */
    public synchronized int connections() {
        return (int) members.stream().map(m -> m.channel.getState(false))
                .filter(state -> state != ConnectivityState.IDLE && state != ConnectivityState.SHUTDOWN)
                .count();
    }

    /** No new streams; the connections close once the streams still on them have ended. */
    public synchronized void retire() {
        closed = true;
        for (Member member : members) {
            member.channel.shutdown();
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (Member member : members) {
            member.channel.shutdownNow();
        }
    }

    /**
     * A backend message above {@code grpc_max_receive_message_size} fails its call; the client's SDK would
     * retry into the same message, so say which backend and size, and count it.
     */
    private final class OversizedMessages implements ClientInterceptor {
        @Override
        public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
            return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
                @Override
                public void start(Listener<R> listener, Metadata headers) {
                    super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                        @Override
                        public void onClose(Status status, Metadata trailers) {
                            long size = oversizedMessage(status);
                            if (size > 0) {
                                log.warn("stream backend {} sent a message of {} bytes, above its limit of {} bytes"
                                        + " (grpc_max_receive_message_size); the stream fails", config.name(), size,
                                        config.maxReceiveMessageSize());
                                metrics.oversizedMessage(config.name());
                            }
                            super.onClose(status, trailers);
                        }
                    }, headers);
                }
            };
        }
    }

    /** The size of the message that failed this call for exceeding the inbound limit, or 0. */
    static long oversizedMessage(Status status) {
        if (status.getCode() != Status.Code.RESOURCE_EXHAUSTED || status.getDescription() == null) {
            return 0;
        }
        Matcher m = OVERSIZED.matcher(status.getDescription());
        return m.find() ? Long.parseLong(m.group(2)) : 0;
    }

    private static final class Member {
        /** How often a failing connection may skip gRPC's reconnect backoff (which grows to 2 minutes). */
        private static final long BACKOFF_RESET_NANOS = TimeUnit.SECONDS.toNanos(1);

        final ManagedChannel channel;
        final AtomicInteger active = new AtomicInteger();
        final AtomicLong lastBackoffReset = new AtomicLong(System.nanoTime() - BACKOFF_RESET_NANOS);

        Member(ManagedChannel channel) {
            this.channel = channel;
        }

        /**
         * A stream found the backend unavailable. The SDKs retry with their own backoff, so reconnect at
         * their pace rather than gRPC's, which after a long outage would keep failing for minutes after
         * the backend is back; at most once a second per connection.
         */
        void unavailable() {
            long last = lastBackoffReset.get();
            long now = System.nanoTime();
            if (now - last >= BACKOFF_RESET_NANOS && lastBackoffReset.compareAndSet(last, now)) {
                channel.resetConnectBackoff();
            }
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

        public void unavailable() {
            member.unavailable();
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
