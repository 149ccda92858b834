package io.sluice.node.config.load;

import io.sluice.node.config.ConfigException;
import io.sluice.node.config.NodeConfig.ConnectStreamConfig;
import io.sluice.node.config.StreamBackendConfig;
import io.sluice.node.config.StreamBackendConfig.Contract;
import io.sluice.node.config.load.Keys.ImplicitBackend;
import io.sluice.node.config.load.Types.Metadata;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stream normaliser. Seed keys, Centrifugo v5 keys and {@code stream_backends} all become named
 * {@link StreamBackendConfig}s; each scope's selection flags become one backend name (or none); and the
 * connection-stream keys become a {@link ConnectStreamConfig}. Implicit backends come first, in the
 * order of {@link Keys#IMPLICIT_BACKENDS}, then the explicit ones in file order.
 */
final class StreamRouting {
    private StreamRouting() {
    }

    /** The subscription stream of one scope. */
    record Choice(String backend, boolean bidirectional) {
    }

    /** What a scope's flag or name points at, and which key did it (for messages). */
    private record Pick(Origin origin, String backend, ImplicitBackend implicit) {
    }

    /** Builds all backends: implicit ones from flat top-level keys, then the {@code stream_backends} entries. */
    static Map<String, StreamBackendConfig> backends(Section top, List<Section> explicit, List<String> warnings)
            throws ConfigException {
        Map<String, StreamBackendConfig> out = new LinkedHashMap<>();
        for (ImplicitBackend implicit : Keys.IMPLICIT_BACKENDS) {
            if (top.get(implicit.keys().endpoint()) != null) {
                out.put(implicit.name(), build(implicit.name(), implicit.contract(), top, implicit.keys(), warnings));
            }
        }
        for (Section section : explicit) {
            String name = section.get(Keys.BACKEND_NAME);
            if (Keys.IMPLICIT_BACKENDS.stream().anyMatch(i -> i.name().equals(name))) {
                throw section.origin(Keys.BACKEND_NAME).error("'" + name + "' is reserved for the backend built from"
                        + " the flat '" + name + "_*' keys; choose another name");
            }
            if (section.get(Keys.GRANULAR.endpoint()) == null) {
                throw section.origin(Keys.GRANULAR.endpoint()).error(
                        "missing: every stream backend needs an endpoint (grpc://host:port or dns:///host:port)");
            }
            out.put(name, build(name, null, section, Keys.GRANULAR, warnings));
        }
        return Collections.unmodifiableMap(out);
    }

    private static StreamBackendConfig build(String name, Contract fixedContract, Section s, BackendKeys k,
                                             List<String> warnings) throws ConfigException {
        Metadata metadata = s.get(k.grpcMetadata());
        if (!metadata.forwarded().isEmpty()) {
            warnings.add(s.origin(k.grpcMetadata()).warning("lists metadata to copy from clients connected over"
                    + " gRPC (the Centrifugo v5 meaning); Sluice serves WebSocket clients only, so it has no effect."
                    + " Use an object of key to value for static metadata"));
        }
        Map<String, String> grpcMetadata = new LinkedHashMap<>(metadata.fixed());
        String credentialsKey = s.get(k.credentialsKey(), null);
        String credentialsValue = s.get(k.credentialsValue(), null);
        if ((credentialsKey == null) != (credentialsValue == null)) {
            Key<String> set = credentialsKey != null ? k.credentialsKey() : k.credentialsValue();
            Key<String> missing = credentialsKey != null ? k.credentialsValue() : k.credentialsKey();
            throw s.origin(set).error("is set, but '" + missing.name() + "' is not; gRPC credentials need both");
        }
        if (credentialsKey != null) {
            grpcMetadata.put(credentialsKey.toLowerCase(java.util.Locale.ROOT), credentialsValue);
        }
        String certFile = s.get(k.tlsCertFile());
        int maxConnections = s.get(k.maxConnections(), StreamBackendConfig.DEFAULT_MAX_CONNECTIONS);
        // Spellings without a connections key keep the default, or fewer if their bound says so.
        int connections = k.connections() == null ? Math.min(BackendKeys.DEFAULT_CONNECTIONS, maxConnections)
                : s.get(k.connections());
        if (maxConnections < connections) {
            throw s.origin(k.maxConnections()).error("is " + maxConnections + ", below '" + k.connections().name()
                    + "' (" + connections + "): the pool cannot keep more connections than it may have");
        }
        return new StreamBackendConfig(
                name,
                s.get(k.endpoint()),
                s.get(k.contract(), fixedContract),
                s.get(k.timeout()),
                // A CA file only makes sense with TLS, so setting it turns TLS on (as the seed keys did).
                certFile != null || s.get(k.tls(), false),
                certFile,
                s.get(k.tlsServerName(), null),
                Collections.unmodifiableMap(grpcMetadata),
                s.get(k.httpHeaders()),
                s.get(k.includeConnectionMeta()),
                connections,
                maxConnections,
                s.get(k.maxReceiveMessageSize(), StreamBackendConfig.DEFAULT_MAX_RECEIVE_MESSAGE_SIZE));
    }

    /**
     * The subscription stream of one scope, or null. {@code topLevel}: Centrifugo v5 read the flag for
     * channels without namespace from {@code proxy_stream_subscribe} while namespaces used
     * {@code proxy_subscribe_stream}, so at the top level the seed flag falls back to the v5 backend.
     */
    static Choice choose(Section s, boolean topLevel, Map<String, StreamBackendConfig> backends,
                         List<String> warnings) throws ConfigException {
        List<Pick> picks = new ArrayList<>();
        if (s.get(Keys.PROXY_STREAM_SUBSCRIBE)) {
            boolean v5Fallback = topLevel && !backends.containsKey(Keys.SEED_SUBSCRIBE.name())
                    && backends.containsKey(Keys.V5_SUBSCRIBE.name());
            ImplicitBackend implicit = v5Fallback ? Keys.V5_SUBSCRIBE : Keys.SEED_SUBSCRIBE;
            picks.add(new Pick(s.origin(Keys.PROXY_STREAM_SUBSCRIBE), implicit.name(), implicit));
        }
        if (s.get(Keys.PROXY_SUBSCRIBE_STREAM)) {
            picks.add(new Pick(s.origin(Keys.PROXY_SUBSCRIBE_STREAM), Keys.V5_SUBSCRIBE.name(), Keys.V5_SUBSCRIBE));
        }
        String named = s.get(Keys.PROXY_STREAM_SUBSCRIBE_BACKEND);
        if (named != null) {
            picks.add(new Pick(s.origin(Keys.PROXY_STREAM_SUBSCRIBE_BACKEND), named, null));
        }
        boolean bidirectional = s.get(Keys.PROXY_STREAM_SUBSCRIBE_BIDIRECTIONAL)
                || s.get(Keys.PROXY_SUBSCRIBE_STREAM_BIDIRECTIONAL);
        if (picks.isEmpty()) {
            for (String unary : Keys.CONFLICT_WITH_STREAM) {
                if (s.enabled(unary)) {
                    // Ignoring it would leave the allow_* options to decide alone what the proxy was meant to decide.
                    throw s.origin(unary).error("subscribe, publish and sub_refresh proxies are not implemented in"
                            + " Sluice; remove this key, or grant access with tokens and the allow_* options");
                }
            }
            if (bidirectional) {
                Key<Boolean> flag = s.get(Keys.PROXY_STREAM_SUBSCRIBE_BIDIRECTIONAL)
                        ? Keys.PROXY_STREAM_SUBSCRIBE_BIDIRECTIONAL : Keys.PROXY_SUBSCRIBE_STREAM_BIDIRECTIONAL;
                warnings.add(s.origin(flag).warning("has no effect: no subscription stream proxy is enabled here"));
            }
            return null;
        }
        Pick first = picks.get(0);
        for (String other : Keys.CONFLICT_WITH_STREAM) {
            if (s.enabled(other)) {
                throw s.origin(other).error("cannot be combined with a stream proxy in the same namespace ('"
                        + first.origin().key() + "' enables one): stream channels get no subscribe, publish or"
                        + " sub_refresh proxy");
            }
        }
        for (Pick pick : picks) {
            requireBackend(pick, backends);
            if (!pick.backend().equals(first.backend())) {
                throw pick.origin().error("selects stream backend '" + pick.backend() + "', but '"
                        + first.origin().key() + "' already selects '" + first.backend() + "'; keep one");
            }
        }
        return new Choice(first.backend(), bidirectional);
    }

    /** Connection streams: the seed endpoint keys or {@code proxy_stream_connect_backend}, never both. */
    static ConnectStreamConfig connect(Section top, Map<String, StreamBackendConfig> backends, List<String> warnings)
            throws ConfigException {
        List<Pick> picks = new ArrayList<>();
        ImplicitBackend implicit = Keys.SEED_CONNECT;
        if (backends.containsKey(implicit.name())) {
            picks.add(new Pick(top.origin(implicit.keys().endpoint()), implicit.name(), implicit));
        }
        String named = top.get(Keys.PROXY_STREAM_CONNECT_BACKEND);
        if (named != null) {
            picks.add(new Pick(top.origin(Keys.PROXY_STREAM_CONNECT_BACKEND), named, null));
        }
        boolean bidirectional = top.get(Keys.PROXY_STREAM_CONNECT_BIDIRECTIONAL);
        if (picks.isEmpty()) {
            if (bidirectional) {
                warnings.add(top.origin(Keys.PROXY_STREAM_CONNECT_BIDIRECTIONAL).warning("has no effect: no"
                        + " connection stream is configured (set proxy_stream_connect_endpoint or"
                        + " proxy_stream_connect_backend)"));
            }
            return null;
        }
        if (picks.size() > 1) {
            throw picks.get(1).origin().error("conflicts with '" + picks.get(0).origin().key()
                    + "': connection streams use one backend; keep one of them");
        }
        Pick pick = picks.get(0);
        StreamBackendConfig backend = requireBackend(pick, backends);
        if (backend.contract() == Contract.CENTRIFUGO_PROXY) {
            throw pick.origin().error("stream backend '" + backend.name() + "' has contract CentrifugoProxy, which"
                    + " has no connection streams (only SubscribeUnidirectional/SubscribeBidirectional); use a"
                    + " CentrifugoProxyStream backend");
        }
        return new ConnectStreamConfig(backend.name(), bidirectional);
    }

    private static StreamBackendConfig requireBackend(Pick pick, Map<String, StreamBackendConfig> backends)
            throws ConfigException {
        StreamBackendConfig backend = backends.get(pick.backend());
        if (backend != null) {
            return backend;
        }
        if (pick.implicit() != null) {
            throw pick.origin().error("enables a stream proxy, but no endpoint is configured for it: set '"
                    + pick.implicit().keys().endpoint().name() + "'");
        }
        throw pick.origin().error("unknown stream backend '" + pick.backend() + "'; "
                + (backends.isEmpty() ? "none is configured" : "configured: " + String.join(", ", backends.keySet())));
    }
}
