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
 * @param connections  HTTP/2 connections the pool keeps open to this backend
 * @param maxConnections the most the pool grows to when its connections are full; beyond it, streams
 *                     share connections past {@code BackendPool.STREAMS_PER_CONNECTION} each
 * @param maxReceiveMessageSize the largest message in bytes the backend may send; a larger one fails its stream
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
        int connections,
        int maxConnections,
        int maxReceiveMessageSize) {

    /** 128 connections of 100 streams: well past a node's load, and a bound on what a busy backend costs. */
    public static final int DEFAULT_MAX_CONNECTIONS = 128;
    /** grpc-java's own default, 4 MiB: already four times a client's whole queue (client_queue_max_size). */
    public static final int DEFAULT_MAX_RECEIVE_MESSAGE_SIZE = 4 * 1024 * 1024;

    /** A backend with the default pool bounds, as every backend gets without the pool keys. */
    public StreamBackendConfig(String name, String endpoint, Contract contract, Duration timeout, boolean tls,
                               String tlsCertFile, String tlsServerName, Map<String, String> grpcMetadata,
                               List<String> httpHeaders, boolean includeConnectionMeta, int connections) {
        this(name, endpoint, contract, timeout, tls, tlsCertFile, tlsServerName, grpcMetadata, httpHeaders,
                includeConnectionMeta, connections, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_RECEIVE_MESSAGE_SIZE);
    }

    /** Which generated service the backend implements; the gRPC paths differ, the messages do not. */
    public enum Contract {
        /** {@code centrifugal.centrifugo.proxystream.CentrifugoProxyStream}: the seeds' contract. */
        PROXY_STREAM,
        /** {@code centrifugal.centrifugo.proxy.CentrifugoProxy}: shipped in Centrifugo v5.1+. */
        CENTRIFUGO_PROXY
    }
}
