package io.sluice.node.metrics;

import io.micrometer.core.instrument.Counter;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.node.hub.Hub;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The node's Prometheus registry and the client-side meters; served at {@code GET /metrics}. */
public final class NodeMetrics implements AutoCloseable {

    /**
     * An SDK as the connection gauge labels it: {@code sdk} is a known SDK's name or {@code other}, {@code
     * version} its major.minor or {@code other}. Clients choose what they send, so the label set is bounded.
     */
    public record Sdk(String sdk, String version) {
        static final Sdk OTHER = new Sdk("other", "other");
    }

    /** The {@code name} each Centrifugo SDK puts in its connect command by default. */
    private static final Map<String, String> KNOWN_SDKS = Map.of("js", "centrifuge-js", "java", "centrifuge-java");
    private static final Pattern MAJOR_MINOR = Pattern.compile("v?(\\d{1,3})\\.(\\d{1,3})(?:[.+-].*)?");
    /** Distinct SDK label pairs at most; later ones count as {@link Sdk#OTHER}. */
    private static final int MAX_SDK_SERIES = 32;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, Counter> commands = new ConcurrentHashMap<>();
    private final Map<Integer, Counter> disconnects = new ConcurrentHashMap<>();
    private final Map<Integer, Counter> replyErrors = new ConcurrentHashMap<>();
    private final Map<String, Counter> frontDoorRefusals = new ConcurrentHashMap<>();
    private final Map<String, TransportMeters> transports = new ConcurrentHashMap<>();
    private final Map<String, Counter> emulation = new ConcurrentHashMap<>();
    private final Map<Sdk, AtomicInteger> sdkConnections = new ConcurrentHashMap<>();
    private final Counter pushes;
    private final Counter apiCalls;
    private final StreamMetrics streams;
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

    public NodeMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        pushes = Counter.builder("sluice_client_pushes").description("Pushes written to client connections")
                .register(registry);
        apiCalls = Counter.builder("sluice_api_calls").description("Server API calls").register(registry);
        streams = new StreamMetrics(registry);
        if (ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider allocator) {
            Gauge.builder("sluice_netty_direct_memory_bytes", allocator, a -> a.metric().usedDirectMemory())
                    .description("Direct memory held by the node's Netty buffer allocator").register(registry);
        }
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public StreamMetrics streams() {
        return streams;
    }

    public void bindHub(Hub hub) {
        Gauge.builder("sluice_client_connections", hub, Hub::numClients)
                .description("Connected clients on this node").register(registry);
        Gauge.builder("sluice_client_users", hub, Hub::numUsers)
                .description("Distinct users connected to this node").register(registry);
        Gauge.builder("sluice_client_subscriptions", hub, Hub::numSubscriptions)
                .description("Channel subscriptions on this node").register(registry);
    }

    public void command(String method) {
        commands.computeIfAbsent(method, m -> Counter.builder("sluice_client_commands")
                .description("Client commands received").tag("method", m).register(registry)).increment();
    }

    public void replyError(int code) {
        replyErrors.computeIfAbsent(code, c -> Counter.builder("sluice_client_reply_errors")
                .description("Error replies sent to clients").tag("code", String.valueOf(c)).register(registry))
                .increment();
    }

    public void disconnect(int code) {
        disconnects.computeIfAbsent(code, c -> Counter.builder("sluice_client_disconnects")
                .description("Connections closed by the node, by disconnect code")
                .tag("code", String.valueOf(c)).register(registry)).increment();
    }

    /** A request or socket the front door turned away, by why: origin, unauthorized, connection_limit, deadline... */
    public void frontDoorRefusal(String reason) {
        frontDoorRefusals.computeIfAbsent(reason, r -> Counter.builder("sluice_front_door_refusals")
                .description("Requests and sockets refused by the front door before reaching a handler")
                .tag("reason", r).register(registry)).increment();
    }

    /** Open client connections and bytes written, of one transport ({@code websocket}, {@code http_stream}, {@code sse}). */
    public record TransportMeters(AtomicInteger open, Counter bytes) {
    }

    public TransportMeters transport(String name) {
        return transports.computeIfAbsent(name, n -> {
            AtomicInteger open = new AtomicInteger();
            Gauge.builder("sluice_client_transport_connections", open, AtomicInteger::get)
                    .description("Client connections open on this node, by transport").tag("transport", n)
                    .register(registry);
            Counter bytes = Counter.builder("sluice_client_transport_bytes")
                    .description("Bytes written to client connections, by transport").tag("transport", n)
                    .register(registry);
            return new TransportMeters(open, bytes);
        });
    }

    /** A {@code POST /emulation}, by where its commands went: {@code local}, {@code forwarded} or {@code unknown}. */
    public void emulationRequest(String outcome) {
        emulation.computeIfAbsent(outcome, o -> Counter.builder("sluice_emulation_requests")
                .description("Fallback clients' emulation requests, by where their commands went")
                .tag("outcome", o).register(registry)).increment();
    }

    /** The label pair for an SDK {@code name} and {@code version} taken from a connect command. */
    public Sdk sdk(String name, String version) {
        String sdk = KNOWN_SDKS.get(name);
        if (sdk == null) {
            return Sdk.OTHER;
        }
        Matcher m = MAJOR_MINOR.matcher(version);
        Sdk label = new Sdk(sdk, m.matches() ? Integer.parseInt(m.group(1)) + "." + Integer.parseInt(m.group(2)) : "other");
        return sdkConnections.containsKey(label) || sdkConnections.size() < MAX_SDK_SERIES ? label : Sdk.OTHER;
    }

    public void sdkConnected(Sdk sdk) {
        sdkConnections.computeIfAbsent(sdk, s -> {
            AtomicInteger count = new AtomicInteger();
            Gauge.builder("sluice_client_connections_by_sdk", count, AtomicInteger::get)
                    .description("Connected clients on this node by the SDK name and major.minor version of their connect command")
                    .tag("sdk", s.sdk()).tag("version", s.version()).register(registry);
            return count;
        }).incrementAndGet();
    }

    public void sdkDisconnected(Sdk sdk) {
        sdkConnections.get(sdk).decrementAndGet();
    }

    public void push() {
        pushes.increment();
    }

    public void apiCall() {
        apiCalls.increment();
    }

    /** A config file change was applied ({@code ok}) or rejected, keeping the previous config. */
    public void configReload(boolean ok) {
        Counter.builder("sluice_config_reloads").description("Config reloads by result")
                .tag("result", ok ? "ok" : "rejected").register(registry).increment();
    }

    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gcMetrics.close();
        registry.close();
    }
}
