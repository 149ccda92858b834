package io.sluice.operator.model;

import io.sluice.operator.crd.ServiceReference;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Where the nodes dial a backend: its endpoint as given, or the DNS name of its Service. */
final class EndpointResolution {

    /** Either an endpoint (with what it was resolved from) or the reason it could not be. */
    record Result(String endpoint, Verdict verdict) {
        boolean resolved() {
            return endpoint != null;
        }
    }

    private EndpointResolution() {
    }

    static Result resolve(String namespace, BackendSpecCheck.Checked spec, Map<ResourceKey, ServiceSummary> services,
                          ReleaseSettings release) {
        if (spec.endpoint() != null) {
            return new Result(spec.endpoint(), Verdict.isTrue(Verdict.BACKEND_RESOLVED, Reasons.ENDPOINT_SET,
                    "spec.endpoint " + spec.endpoint()));
        }
        ServiceReference ref = spec.service();
        ServiceSummary service = services.get(new ResourceKey(namespace, ref.getName()));
        if (service == null) {
            return unresolved(Reasons.SERVICE_NOT_FOUND, "Service '" + ref.getName() + "' (spec.service.name) not"
                    + " found in namespace '" + namespace + "'");
        }
        Optional<Integer> dialledPort = dialledPort(service, ref.getPort());
        if (dialledPort.isEmpty()) {
            return unresolved(Reasons.SERVICE_PORT_NOT_FOUND, "Service '" + ref.getName() + "' has no port "
                    + ref.getPort() + " (spec.service.port); it exposes " + service.ports().stream()
                    .map(p -> String.valueOf(p.port())).collect(Collectors.joining(", ")));
        }
        String host = ref.getName() + "." + namespace + ".svc." + release.clusterDomain();
        // A headless Service resolves to every pod's address, so the node spreads streams over the pods.
        String endpoint = (service.headless() ? "dns:///" : "grpc://") + host + ":" + dialledPort.get();
        return new Result(endpoint, Verdict.isTrue(Verdict.BACKEND_RESOLVED, Reasons.SERVICE_RESOLVED,
                (service.headless() ? "headless " : "") + "Service '" + ref.getName() + "' as " + endpoint));
    }

    /**
     * The port to dial. Through a ClusterIP the Service port itself; a headless Service has no proxy, so
     * the pods are dialled on the port's numeric targetPort (its own number when the target is named).
     */
    private static Optional<Integer> dialledPort(ServiceSummary service, int port) {
        if (service.ports().isEmpty()) {
            return service.headless() ? Optional.of(port) : Optional.empty();
        }
        return service.ports().stream()
                .filter(p -> p.port() == port)
                .findFirst()
                .map(p -> service.headless() && p.targetPort() != null ? p.targetPort() : p.port());
    }

    private static Result unresolved(String reason, String message) {
        return new Result(null, Verdict.isFalse(Verdict.BACKEND_RESOLVED, reason, message));
    }
}
