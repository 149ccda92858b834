package io.sluice.operator.model;

/** The reasons conditions carry; CamelCase as Kubernetes expects. */
public final class Reasons {
    public static final String ROUTED = "Routed";
    public static final String INVALID_SPEC = "InvalidSpec";
    public static final String ENDPOINT_SET = "EndpointSet";
    public static final String SERVICE_RESOLVED = "ServiceResolved";
    public static final String SERVICE_NOT_FOUND = "ServiceNotFound";
    public static final String SERVICE_PORT_NOT_FOUND = "ServicePortNotFound";
    public static final String TLS_SECRET_NOT_MOUNTED = "TlsSecretNotMounted";
    public static final String BACKEND_RESOLVED = "BackendResolved";
    public static final String BACKEND_NOT_FOUND = "BackendNotFound";
    public static final String BACKEND_NOT_READY = "BackendNotReady";
    public static final String NO_CONFLICT = "NoConflict";
    public static final String DUPLICATE_CHANNEL_NAMESPACE = "DuplicateChannelNamespace";
    public static final String CONNECT_BACKEND_TAKEN = "ConnectBackendTaken";

    private Reasons() {
    }
}
