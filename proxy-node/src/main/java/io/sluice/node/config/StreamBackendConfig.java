package io.sluice.node.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One gRPC backend serving proxy streams. Seed keys ({@code proxy_stream_subscribe_*},
 * {@code proxy_stream_connect_*}) and Centrifugo v5 aliases ({@code proxy_subscribe_stream_*})
 * become implicit backends; {@code stream_backends} entries are explicit ones.
 *
 * @param endpoint     {@code grpc://host:port} or {@code dns:///host:port}
 * @param timeout      how long to wait for the first message of a stream (below 5 s)
 * @param tlsCertFile  PEM file of the CA to trust; TLS is used when {@code tls} is true
 * @param httpHeaders  lower-cased names of upgrade-request headers forwarded as gRPC metadata
 * @param connections  size of the HTTP/2 connection pool to this backend
 */
public record StreamBackendConfig(
        String name,
        String endpoint,
        Contract contract,
        Duration timeout,
        boolean tls,
        String tlsCertFile,
        String tlsServerName,
        Map<String, String> grpcMetadata,
        List<String> httpHeaders,
        boolean includeConnectionMeta,
        int connections) {

    /** Which generated service the backend implements; the gRPC paths differ, the messages do not. */
    public enum Contract {
        /** {@code centrifugal.centrifugo.proxystream.CentrifugoProxyStream}: the seeds' contract. */
        PROXY_STREAM,
        /** {@code centrifugal.centrifugo.proxy.CentrifugoProxy}: shipped in Centrifugo v5.1+. */
        CENTRIFUGO_PROXY
    }
}
