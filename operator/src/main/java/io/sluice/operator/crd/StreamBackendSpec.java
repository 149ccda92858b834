package io.sluice.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Map;

/**
 * Where a backend is and how the nodes talk to it. The operator re-checks every rule below itself,
 * because an API server without the CRD's validation (or an older CRD) may let bad values through.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.service) != has(self.endpoint)",
        message = "set exactly one of spec.service and spec.endpoint", reason = "FieldValueInvalid")
@ValidationRule(value = "!has(self.connect) || !self.connect.enabled || !has(self.contract)"
        + " || self.contract == 'CentrifugoProxyStream'",
        message = "connection streams (spec.connect.enabled) need contract CentrifugoProxyStream;"
                + " CentrifugoProxy has subscription streams only",
        reason = "FieldValueInvalid")
public class StreamBackendSpec {
    public static final String DEFAULT_CONTRACT = "CentrifugoProxyStream";
    public static final String DEFAULT_TIMEOUT = "1s";
    public static final int DEFAULT_CONNECTIONS = 2;
    /** A Go duration with units, as the node reads it ("1s", "500ms", "1.5s"). */
    public static final String DURATION_PATTERN = "^([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(ns|us|µs|ms|s|m|h)"
            + "(([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(ns|us|µs|ms|s|m|h))*$";
    /** grpc://host:port or dns:///host:port, host a DNS name, IPv4 address or bracketed IPv6 address. */
    public static final String ENDPOINT_PATTERN =
            "^(grpc://|dns:///)(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?):[0-9]{1,5}$";

    @JsonPropertyDescription("The Kubernetes Service in front of the backend pods, in this StreamBackend's namespace."
            + " A headless Service (clusterIP: None) is dialled as dns:///<name>.<namespace>.svc.<cluster domain>:<port>"
            + " so streams spread over every pod; any other Service as grpc://<name>.<namespace>.svc.<cluster domain>:<port>."
            + " Set exactly one of service and endpoint.")
    private ServiceReference service;

    @JsonPropertyDescription("A gRPC target outside Kubernetes' Services: grpc://host:port or dns:///host:port."
            + " Set exactly one of service and endpoint.")
    @Pattern(ENDPOINT_PATTERN)
    @Size(max = 512)
    private String endpoint;

    @JsonPropertyDescription("The gRPC service the backend implements: CentrifugoProxyStream (the Sluice/seed contract"
            + " with subscription and connection streams) or CentrifugoProxy (Centrifugo v5.1+, subscription streams"
            + " only). The messages are the same; only the service path differs.")
    @SchemaFrom(type = Contract.class)
    @Size(max = 32)
    @Default(DEFAULT_CONTRACT)
    private String contract;

    @JsonPropertyDescription("How long a node waits for the backend's first message on a new stream, as a Go duration"
            + " (\"1s\", \"500ms\"). Must be above 0 and below 5s: the Centrifugo SDKs give up on a subscribe after 5 s.")
    @Pattern(DURATION_PATTERN)
    @Size(max = 32)
    @ValidationRule(value = "duration(self) > duration('0s') && duration(self) < duration('5s')",
            message = "timeout must be above 0s and below 5s: the Centrifugo SDKs give up on a subscribe after 5 s",
            reason = "FieldValueInvalid")
    @Default(DEFAULT_TIMEOUT)
    private String timeout;

    @JsonPropertyDescription("TLS to the backend. Present (even empty) turns TLS on; absent means plaintext.")
    private TlsSpec tls;

    @JsonPropertyDescription("Static gRPC metadata sent on every stream to this backend (key to value). Keys are ASCII"
            + " metadata names (lower-cased on the wire; binary -bin keys are not allowed). Visible to anyone who can"
            + " read the routing ConfigMap: do not put secrets here.")
    @Size(max = 64)
    private Map<String, String> grpcMetadata;

    @JsonPropertyDescription("Names of HTTP headers of the client's WebSocket upgrade request to forward to the"
            + " backend as gRPC metadata (for example Authorization, Cookie).")
    @Size(max = 64)
    private List<String> forwardHttpHeaders;

    @JsonPropertyDescription("Send the connection token's meta claim in SubscribeRequest.meta.")
    @Default("false")
    private Boolean includeConnectionMeta;

    @JsonPropertyDescription("HTTP/2 connections each node keeps to this backend (1 to 64). Streams go to the least"
            + " loaded one; more connections help when the backend limits concurrent streams per connection.")
    @Min(1)
    @Max(64)
    @Default("2")
    private Integer connections;

    @JsonPropertyDescription("Connection streams: open a stream to this backend for every client that connects"
            + " without a token. At most one StreamBackend may enable it; needs contract CentrifugoProxyStream.")
    private ConnectSpec connect;

    public ServiceReference getService() {
        return service;
    }

    public void setService(ServiceReference service) {
        this.service = service;
    }

    public String getEndpoint() {
        return endpoint;
    }

    public void setEndpoint(String endpoint) {
        this.endpoint = endpoint;
    }

    public String getContract() {
        return contract;
    }

    public void setContract(String contract) {
        this.contract = contract;
    }

    public String getTimeout() {
        return timeout;
    }

    public void setTimeout(String timeout) {
        this.timeout = timeout;
    }

    public TlsSpec getTls() {
        return tls;
    }

    public void setTls(TlsSpec tls) {
        this.tls = tls;
    }

    public Map<String, String> getGrpcMetadata() {
        return grpcMetadata;
    }

    public void setGrpcMetadata(Map<String, String> grpcMetadata) {
        this.grpcMetadata = grpcMetadata;
    }

    public List<String> getForwardHttpHeaders() {
        return forwardHttpHeaders;
    }

    public void setForwardHttpHeaders(List<String> forwardHttpHeaders) {
        this.forwardHttpHeaders = forwardHttpHeaders;
    }

    public Boolean getIncludeConnectionMeta() {
        return includeConnectionMeta;
    }

    public void setIncludeConnectionMeta(Boolean includeConnectionMeta) {
        this.includeConnectionMeta = includeConnectionMeta;
    }

    public Integer getConnections() {
        return connections;
    }

    public void setConnections(Integer connections) {
        this.connections = connections;
    }

    public ConnectSpec getConnect() {
        return connect;
    }

    public void setConnect(ConnectSpec connect) {
        this.connect = connect;
    }
}
