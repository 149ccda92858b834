package io.sluice.operator.model;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The routing the nodes get, before rendering: entries sorted by name, so any input order gives the same file. */
public record RoutingConfig(List<Backend> backends, List<Namespace> namespaces, Connect connect) {

    public RoutingConfig {
        backends = List.copyOf(backends);
        namespaces = List.copyOf(namespaces);
    }

    /** One {@code stream_backends} entry. */
    public record Backend(String name, String endpoint, String contract, Duration timeout, boolean tls,
                          String tlsCertFile, String tlsServerName, SortedMap<String, String> grpcMetadata,
                          List<String> httpHeaders, boolean includeConnectionMeta, int connections) {
        public Backend {
            grpcMetadata = Collections.unmodifiableSortedMap(new TreeMap<>(grpcMetadata));
            httpHeaders = List.copyOf(httpHeaders);
        }
    }

    /** One {@code namespaces} entry; a null channel option is left to the node's base config. */
    public record Namespace(String name, String backend, boolean bidirectional, Boolean presence, Boolean joinLeave,
                            Boolean forcePushJoinLeave) {
    }

    /** The top-level connection-stream selection. */
    public record Connect(String backend, boolean bidirectional) {
    }

    public Map<String, Backend> backendsByName() {
        return backends.stream().collect(Collectors.toMap(Backend::name, b -> b));
    }
}
