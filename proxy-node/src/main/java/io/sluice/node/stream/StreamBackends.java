package io.sluice.node.stream;

import io.grpc.Metadata;
import io.sluice.node.config.StreamBackendConfig;
import io.sluice.node.metrics.StreamMetrics;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The node's stream backends by name, each with its connection pool. A config reload swaps in a new
 * map: pools whose backend definition is unchanged are kept, so their streams live on.
 */
public final class StreamBackends implements AutoCloseable {

    private final StreamMetrics metrics;
    private volatile Map<String, BackendPool> pools = Map.of();

    /** @throws IllegalArgumentException naming a backend whose TLS settings cannot be used */
    public StreamBackends(Collection<StreamBackendConfig> backends, StreamMetrics metrics) {
        this.metrics = metrics;
        update(backends);
    }

    /**
     * Makes {@code backends} the current set and returns the pools that left it; the caller retires
     * them once the streams on them have been moved.
     *
     * @throws IllegalArgumentException naming a backend whose TLS settings cannot be used; nothing changes then
     */
    public synchronized List<BackendPool> update(Collection<StreamBackendConfig> backends) {
        Map<String, BackendPool> current = pools;
        Map<String, BackendPool> next = new LinkedHashMap<>();
        List<BackendPool> created = new java.util.ArrayList<>();
        try {
            for (StreamBackendConfig backend : backends) {
                BackendPool kept = current.get(backend.name());
                if (kept != null && kept.config().equals(backend)) {
                    next.put(backend.name(), kept);
                } else {
                    BackendPool pool = new BackendPool(backend, metrics);
                    created.add(pool);
                    next.put(backend.name(), pool);
                }
            }
        } catch (IllegalArgumentException e) {
            created.forEach(BackendPool::close);
            throw e;
        }
        for (String name : next.keySet()) {
            if (!current.containsKey(name)) {
                metrics.bindPool(name, () -> connections(name));
            }
        }
        pools = Map.copyOf(next);
        return current.values().stream().filter(pool -> !next.containsValue(pool)).toList();
    }

    private int connections(String name) {
        BackendPool pool = pools.get(name);
        return pool == null ? 0 : pool.connections();
    }

    BackendPool pool(String name) {
        BackendPool pool = pools.get(name);
        if (pool == null) {
            throw new IllegalStateException("no stream backend named " + name);
        }
        return pool;
    }

    StreamMetrics metrics() {
        return metrics;
    }

    /** Names of the upgrade-request headers any backend forwards; a connection keeps only these. */
    public Set<String> forwardedHeaders() {
        Set<String> names = new TreeSet<>();
        pools.values().forEach(pool -> names.addAll(pool.config().httpHeaders()));
        return names;
    }

    /** Static metadata of the backend, then the client's forwarded headers it asks for. */
    static Metadata metadata(StreamBackendConfig backend, StreamClient client) {
        Map<String, String> values = new HashMap<>(backend.grpcMetadata());
        for (String name : backend.httpHeaders()) {
            String value = client.headers().get(name);
            if (value != null) {
                values.put(name, value);
            }
        }
        Metadata metadata = new Metadata();
        values.forEach((name, value) -> {
            // Binary (-bin) keys need base64 values: never the case for config strings or HTTP headers.
            if (!name.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
                try {
                    metadata.put(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER), value);
                } catch (IllegalArgumentException e) {
                    // Not a legal metadata key (gRPC allows a-z, 0-9, '-', '_', '.'): not forwardable.
                }
            }
        });
        return metadata;
    }

    @Override
    public synchronized void close() {
        pools.values().forEach(BackendPool::close);
    }
}
