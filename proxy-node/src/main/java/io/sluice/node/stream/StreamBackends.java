package io.sluice.node.stream;

import io.grpc.Metadata;
import io.sluice.node.config.NodeConfig;
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
 * The node's current config snapshot together with a connection pool for each stream backend it
 * names. A reload publishes the next snapshot and its pools in one step, so whoever reads the config
 * finds the pools it names; pools whose backend definition is unchanged are kept, so their streams live on.
 */
public final class StreamBackends implements AutoCloseable {

    /** A config snapshot and the pools of its {@code stream_backends}, by name. */
    private record Generation(NodeConfig config, Map<String, BackendPool> pools) {
    }

    private final StreamMetrics metrics;
    private volatile Generation current = new Generation(null, Map.of());

    /** @throws IllegalArgumentException naming a backend whose TLS settings cannot be used */
    public StreamBackends(NodeConfig initial, StreamMetrics metrics) {
        this.metrics = metrics;
        update(initial);
    }

    /** The current config snapshot. */
    public NodeConfig config() {
        return current.config();
    }

    /**
     * Makes {@code next} the current snapshot with pools for its backends and returns the pools that
     * left; the caller retires them once the streams on them have been moved.
     *
     * @throws IllegalArgumentException naming a backend whose TLS settings cannot be used; nothing changes then
     */
    public synchronized List<BackendPool> update(NodeConfig nextConfig) {
        Collection<StreamBackendConfig> backends = nextConfig.streamBackends().values();
        Map<String, BackendPool> current = this.current.pools();
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
        this.current = new Generation(nextConfig, Map.copyOf(next));
        return current.values().stream().filter(pool -> !next.containsValue(pool)).toList();
    }

    private int connections(String name) {
        BackendPool pool = current.pools().get(name);
        return pool == null ? 0 : pool.connections();
    }

    BackendPool pool(String name) {
        BackendPool pool = current.pools().get(name);
        if (pool == null) {
            throw new IllegalStateException("no stream backend named " + name);
        }
        return pool;
    }

    /**
     * The pool for {@code backend} as a config snapshot defines it.
     *
     * @throws IllegalStateException when a reload has since removed or redefined that backend
     */
    BackendPool pool(StreamBackendConfig backend) {
        BackendPool pool = pool(backend.name());
        if (!pool.config().equals(backend)) {
            throw new IllegalStateException("stream backend " + backend.name() + " was redefined by a reload");
        }
        return pool;
    }

    StreamMetrics metrics() {
        return metrics;
    }

    /** Names of the upgrade-request headers any backend forwards; a connection keeps only these. */
    public Set<String> forwardedHeaders() {
        Set<String> names = new TreeSet<>();
        current.pools().values().forEach(pool -> names.addAll(pool.config().httpHeaders()));
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
        current.pools().values().forEach(BackendPool::close);
    }
}
