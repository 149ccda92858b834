package io.sluice.node.config.load;

import io.sluice.node.config.StreamBackendConfig;
import static io.sluice.node.config.load.Key.flag;
import static io.sluice.node.config.load.Key.optional;

import io.sluice.node.config.StreamBackendConfig.Contract;
import io.sluice.node.config.load.Types.Metadata;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The keys that describe one stream backend. The seed prefixes, Centrifugo v5's shared proxy keys and a
 * {@code stream_backends} entry spell them differently but mean the same, so one builder reads them all.
 * A null key means that spelling has no such setting (its value is then fixed).
 */
record BackendKeys(
        Key<String> endpoint,
        Key<Duration> timeout,
        Key<Contract> contract,
        Key<Boolean> tls,
        Key<String> tlsCertFile,
        Key<String> tlsServerName,
        Key<Metadata> grpcMetadata,
        Key<List<String>> httpHeaders,
        Key<Boolean> includeConnectionMeta,
        Key<String> credentialsKey,
        Key<String> credentialsValue,
        Key<Integer> connections,
        Key<Integer> maxConnections,
        Key<Integer> maxReceiveMessageSize) {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    static final int DEFAULT_CONNECTIONS = 2;
    private static final int MAX_CONNECTIONS_LIMIT = 1024;
    /** Below 1 KiB not even a subscribe result fits. */
    private static final int MIN_RECEIVE_MESSAGE_SIZE = 1024;

    /** Seed (PR #680) spelling: {@code <prefix>_endpoint}, {@code <prefix>_timeout}, ... */
    static BackendKeys seed(String prefix) {
        return new BackendKeys(
                endpoint(prefix + "_endpoint"),
                timeout(prefix + "_timeout"),
                null,
                null,
                optional(prefix + "_grpc_cert_file"),
                null,
                metadata(prefix + "_grpc_metadata"),
                headers(prefix + "_http_headers"),
                flag(prefix + "_include_connection_meta"),
                optional(prefix + "_grpc_credentials_key"),
                optional(prefix + "_grpc_credentials_value"),
                null,
                maxConnections(prefix + "_max_connections"),
                maxReceiveMessageSize(prefix + "_grpc_max_receive_message_size"));
    }

    /** Centrifugo v5: its own endpoint/timeout keys plus the proxy settings shared by all v5 proxies. */
    static BackendKeys centrifugoV5() {
        return new BackendKeys(
                endpoint("proxy_subscribe_stream_endpoint"),
                timeout("proxy_subscribe_stream_timeout"),
                null,
                flag("proxy_grpc_tls"),
                optional("proxy_grpc_cert_file"),
                null,
                metadata("proxy_grpc_metadata"),
                headers("proxy_http_headers"),
                flag("proxy_include_connection_meta"),
                optional("proxy_grpc_credentials_key"),
                optional("proxy_grpc_credentials_value"),
                null,
                null,
                null);
    }

    /** One entry of {@code stream_backends} (what the operator renders). */
    static BackendKeys granular() {
        return new BackendKeys(
                endpoint("endpoint"),
                timeout("timeout"),
                Key.of("contract", Types.CONTRACT, Contract.PROXY_STREAM),
                flag("tls"),
                optional("tls_cert_file"),
                optional("tls_server_name"),
                metadata("grpc_metadata"),
                headers("http_headers"),
                flag("include_connection_meta"),
                null,
                null,
                Key.of("connections", Types.integer(1, 64), DEFAULT_CONNECTIONS),
                maxConnections("max_connections"),
                maxReceiveMessageSize("grpc_max_receive_message_size"));
    }

    List<Key<?>> all() {
        return Stream.of(endpoint, timeout, contract, tls, tlsCertFile, tlsServerName, grpcMetadata, httpHeaders,
                        includeConnectionMeta, credentialsKey, credentialsValue, connections, maxConnections,
                        maxReceiveMessageSize)
                .filter(Objects::nonNull)
                .<Key<?>>map(k -> k)
                .toList();
    }

    private static Key<String> endpoint(String name) {
        return Key.of(name, Types.ENDPOINT, null);
    }

    private static Key<Duration> timeout(String name) {
        return Key.of(name, Types.STREAM_TIMEOUT, DEFAULT_TIMEOUT);
    }

    private static Key<Integer> maxConnections(String name) {
        return Key.of(name, Types.integer(1, MAX_CONNECTIONS_LIMIT), StreamBackendConfig.DEFAULT_MAX_CONNECTIONS);
    }

    private static Key<Integer> maxReceiveMessageSize(String name) {
        return Key.of(name, Types.integer(MIN_RECEIVE_MESSAGE_SIZE, Integer.MAX_VALUE),
                StreamBackendConfig.DEFAULT_MAX_RECEIVE_MESSAGE_SIZE);
    }

    private static Key<Metadata> metadata(String name) {
        return Key.of(name, Types.METADATA, Metadata.NONE);
    }

    private static Key<List<String>> headers(String name) {
        return Key.of(name, Types.HEADER_NAMES, List.of());
    }
}
