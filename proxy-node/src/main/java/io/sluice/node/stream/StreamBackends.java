package io.sluice.node.stream;

import io.grpc.Metadata;
import io.sluice.node.config.StreamBackendConfig;
import io.sluice.node.metrics.StreamMetrics;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The node's stream backends by name, each with its connection pool. */
public final class StreamBackends implements AutoCloseable {

    private final Map<String, BackendPool> pools = new LinkedHashMap<>();
    private final StreamMetrics metrics;

    public StreamBackends(Collection<StreamBackendConfig> backends, StreamMetrics metrics) {
        for (StreamBackendConfig backend : backends) {
            BackendPool pool = new BackendPool(backend);
            pools.put(backend.name(), pool);
            metrics.bindPool(backend.name(), () -> pool.activeStreams().size());
        }
        this.metrics = metrics;
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
    public void close() {
        pools.values().forEach(BackendPool::close);
    }
}
