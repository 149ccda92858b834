package io.sluice.node.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Meters of proxied gRPC streams. {@code kind} is {@code subscription} or {@code connection};
 * outcome codes are what the client was told: 0 for an accepted stream, else the error,
 * disconnect or unsubscribe code, and {@code cancelled} ends are the client leaving.
 */
public final class StreamMetrics {

    /** Which streams a meter counts. {@code namespace} is empty for connection streams. */
    public record Labels(String kind, String namespace, String backend) {
    }

    private final MeterRegistry registry;
    private final Map<Labels, AtomicInteger> open = new ConcurrentHashMap<>();
    private final Map<String, Counter> outcomes = new ConcurrentHashMap<>();
    private final Map<Labels, Timer> firstMessage = new ConcurrentHashMap<>();
    private final Map<String, Counter> oversized = new ConcurrentHashMap<>();
    private final Counter toClient;
    private final Counter toBackend;

    StreamMetrics(MeterRegistry registry) {
        this.registry = registry;
        toClient = messages("to_client");
        toBackend = messages("to_backend");
    }

    private Counter messages(String direction) {
        return Counter.builder("sluice_stream_messages").description("Messages relayed through proxied streams")
                .tag("direction", direction).register(registry);
    }

    /** The connections of a backend's pool, which grows past 100 streams per connection and shrinks when idle. */
    public void bindPool(String backend, Supplier<Integer> connections) {
        Gauge.builder("sluice_stream_backend_connections", connections, c -> c.get()).strongReference(true)
                .description("HTTP/2 connections in a stream backend's pool").tag("backend", backend).register(registry);
    }

    public void opened(Labels labels) {
        open.computeIfAbsent(labels, l -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder("sluice_stream_open", value, AtomicInteger::get).description("Open proxied gRPC streams")
                    .tags("kind", l.kind(), "namespace", l.namespace(), "backend", l.backend()).register(registry);
            return value;
        }).incrementAndGet();
    }

    public void closed(Labels labels) {
        open.get(labels).decrementAndGet();
    }

    /** The answer the client got to its subscribe or connect: 0 accepted, else the code. */
    public void openOutcome(Labels labels, int code) {
        openOutcome(labels, String.valueOf(code));
    }

    /** {@code cancelled} when the client left before the backend answered. */
    public void openOutcome(Labels labels, String code) {
        outcome("sluice_stream_opens", "Stream openings by the code the client got (0 = accepted)", labels, code);
    }

    /** Why an accepted stream ended: the code the client got, or {@code cancelled} when the client left. */
    public void endOutcome(Labels labels, String code) {
        outcome("sluice_stream_ends", "Ends of accepted streams by the code the client got", labels, code);
    }

    private void outcome(String name, String description, Labels labels, String code) {
        String key = name + '\0' + labels + '\0' + code;
        outcomes.computeIfAbsent(key, k -> Counter.builder(name).description(description)
                .tags("kind", labels.kind(), "namespace", labels.namespace(), "backend", labels.backend(), "code", code)
                .register(registry)).increment();
    }

    public void firstMessage(Labels labels, Duration latency) {
        firstMessage.computeIfAbsent(labels, l -> Timer.builder("sluice_stream_first_message")
                .description("Time from opening a stream to the backend's first message")
                .tags("kind", l.kind(), "backend", l.backend())
                .publishPercentileHistogram().register(registry)).record(latency);
    }

    /** A backend message above the backend's grpc_max_receive_message_size failed its stream. */
    public void oversizedMessage(String backend) {
        oversized.computeIfAbsent(backend, b -> Counter.builder("sluice_stream_oversized_messages")
                .description("Backend messages above grpc_max_receive_message_size, each of which failed its stream")
                .tag("backend", b).register(registry)).increment();
    }

    public void relayedToClient() {
        toClient.increment();
    }

    public void relayedToBackend() {
        toBackend.increment();
    }
}
