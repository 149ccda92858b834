package io.sluice.operator.model;

import io.sluice.proto.GoDuration;
import io.sluice.operator.crd.Contract;
import io.sluice.operator.crd.ServiceReference;
import io.sluice.operator.crd.StreamBackend;
import io.sluice.operator.crd.StreamBackendSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a StreamBackend's spec the way the node will read it and applies the CRD's defaults, so a
 * value the API server let through (no schema, or an old CRD) becomes a condition naming the field
 * instead of a routing file the nodes refuse.
 */
final class BackendSpecCheck {
    private static final Pattern ENDPOINT = Pattern.compile(StreamBackendSpec.ENDPOINT_PATTERN);
    private static final Pattern PORT_AT_END = Pattern.compile(":(\\d{1,5})$");
    private static final Pattern SERVICE_NAME = Pattern.compile("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern METADATA_KEY = Pattern.compile("[0-9a-z_.-]+");
    private static final Pattern SECRET_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
    private static final Duration SDK_SUBSCRIBE_TIMEOUT = Duration.ofSeconds(5);

    /** The spec with defaults applied; {@code locatorProblems} are about service/endpoint, the rest about others. */
    record Checked(ServiceReference service, String endpoint, String contract, Duration timeout, boolean tls,
                   String tlsSecretName, String tlsServerName, SortedMap<String, String> grpcMetadata,
                   List<String> httpHeaders, boolean includeConnectionMeta, int connections, boolean connect,
                   boolean connectBidirectional, List<FieldProblem> locatorProblems, List<FieldProblem> otherProblems) {

        boolean valid() {
            return locatorProblems.isEmpty() && otherProblems.isEmpty();
        }

        List<FieldProblem> problems() {
            List<FieldProblem> all = new ArrayList<>(locatorProblems);
            all.addAll(otherProblems);
            return all;
        }
    }

    private BackendSpecCheck() {
    }

    static Checked check(StreamBackend backend) {
        StreamBackendSpec spec = backend.getSpec();
        if (spec == null) {
            return new Checked(null, null, null, null, false, null, null, new TreeMap<>(), List.of(), false, 0, false,
                    false, List.of(new FieldProblem("spec", "is missing")), List.of());
        }
        List<FieldProblem> locator = new ArrayList<>();
        List<FieldProblem> other = new ArrayList<>();
        checkLocator(spec, locator);
        String contract = orDefault(spec.getContract(), StreamBackendSpec.DEFAULT_CONTRACT);
        if (Arrays.stream(Contract.values()).noneMatch(c -> c.name().equals(contract))) {
            other.add(new FieldProblem("spec.contract", "\"" + contract + "\" is not a contract; use "
                    + Contract.CentrifugoProxyStream + " or " + Contract.CentrifugoProxy));
        }
        Duration timeout = timeout(orDefault(spec.getTimeout(), StreamBackendSpec.DEFAULT_TIMEOUT), other);
        int connections = spec.getConnections() == null ? StreamBackendSpec.DEFAULT_CONNECTIONS : spec.getConnections();
        if (connections < 1 || connections > 64) {
            other.add(new FieldProblem("spec.connections", "must be between 1 and 64, got " + connections));
        }
        SortedMap<String, String> metadata = metadata(spec.getGrpcMetadata(), other);
        List<String> headers = headers(spec.getForwardHttpHeaders(), other);
        boolean tls = spec.getTls() != null;
        String secretName = tls ? blankToNull(spec.getTls().getSecretName()) : null;
        if (secretName != null && !SECRET_NAME.matcher(secretName).matches()) {
            other.add(new FieldProblem("spec.tls.secretName", "\"" + secretName + "\" is not a Secret name"));
        }
        boolean connect = spec.getConnect() != null && Boolean.TRUE.equals(spec.getConnect().getEnabled());
        if (connect && Contract.CentrifugoProxy.name().equals(contract)) {
            other.add(new FieldProblem("spec.connect.enabled", "connection streams need contract "
                    + Contract.CentrifugoProxyStream + "; " + Contract.CentrifugoProxy
                    + " has subscription streams only"));
        }
        return new Checked(spec.getService(), spec.getEndpoint(), contract, timeout, tls, secretName,
                tls ? blankToNull(spec.getTls().getServerName()) : null, metadata, headers,
                Boolean.TRUE.equals(spec.getIncludeConnectionMeta()), connections, connect,
                connect && Boolean.TRUE.equals(spec.getConnect().getBidirectional()), locator, other);
    }

    private static void checkLocator(StreamBackendSpec spec, List<FieldProblem> problems) {
        ServiceReference service = spec.getService();
        String endpoint = spec.getEndpoint();
        if (service != null && endpoint != null) {
            problems.add(new FieldProblem("spec.endpoint", "set exactly one of spec.service and spec.endpoint, not both"));
            return;
        }
        if (service == null && endpoint == null) {
            problems.add(new FieldProblem("spec.service", "set one of spec.service and spec.endpoint"));
            return;
        }
        if (endpoint != null) {
            Matcher port = PORT_AT_END.matcher(endpoint);
            if (!ENDPOINT.matcher(endpoint).matches() || !port.find() || !validPort(Integer.parseInt(port.group(1)))) {
                problems.add(new FieldProblem("spec.endpoint", "\"" + endpoint
                        + "\" is not a gRPC target grpc://host:port or dns:///host:port"));
            }
            return;
        }
        if (service.getName() == null || !SERVICE_NAME.matcher(service.getName()).matches()) {
            problems.add(new FieldProblem("spec.service.name", service.getName() == null ? "is missing"
                    : "\"" + service.getName() + "\" is not a Service name"));
        }
        if (service.getPort() == null || !validPort(service.getPort())) {
            problems.add(new FieldProblem("spec.service.port", service.getPort() == null ? "is missing"
                    : "must be between 1 and 65535, got " + service.getPort()));
        }
    }

    private static Duration timeout(String text, List<FieldProblem> problems) {
        Duration timeout;
        try {
            timeout = GoDuration.parse(text.trim());
        } catch (IllegalArgumentException e) {
            problems.add(new FieldProblem("spec.timeout", e.getMessage()));
            return null;
        }
        if (timeout.isZero() || timeout.compareTo(SDK_SUBSCRIBE_TIMEOUT) >= 0) {
            problems.add(new FieldProblem("spec.timeout", "\"" + text + "\" must be above 0s and below 5s: the"
                    + " Centrifugo SDKs give up on a subscribe after 5 s"));
        }
        return timeout;
    }

    private static SortedMap<String, String> metadata(Map<String, String> given, List<FieldProblem> problems) {
        SortedMap<String, String> out = new TreeMap<>();
        if (given == null) {
            return out;
        }
        new TreeMap<>(given).forEach((key, value) -> {
            String field = "spec.grpcMetadata[" + key + "]";
            String lower = key.toLowerCase(Locale.ROOT);
            if (!METADATA_KEY.matcher(lower).matches() || lower.endsWith("-bin")) {
                problems.add(new FieldProblem(field, "\"" + key + "\" is not an ASCII gRPC metadata key"
                        + " ([0-9A-Za-z_.-], not ending in -bin)"));
            } else if (value == null) {
                problems.add(new FieldProblem(field, "has no value"));
            } else if (out.put(lower, value) != null) {
                problems.add(new FieldProblem(field, "is the same key as another one in a different case"));
            }
        });
        return out;
    }

    private static List<String> headers(List<String> given, List<FieldProblem> problems) {
        List<String> out = new ArrayList<>();
        if (given == null) {
            return out;
        }
        for (int i = 0; i < given.size(); i++) {
            String name = given.get(i);
            if (name == null || !HEADER_NAME.matcher(name).matches()) {
                problems.add(new FieldProblem("spec.forwardHttpHeaders[" + i + "]",
                        "\"" + name + "\" is not an HTTP header name"));
            } else {
                out.add(name.toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    private static boolean validPort(int port) {
        return port >= 1 && port <= 65535;
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
