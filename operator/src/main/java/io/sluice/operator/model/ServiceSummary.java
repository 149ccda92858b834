package io.sluice.operator.model;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.List;

/** The facts about a Service that decide how nodes dial it. */
public record ServiceSummary(ResourceKey key, boolean headless, List<Port> ports) {

    /** A Service port; {@code targetPort} is null when it is named (or unset, meaning the same number). */
    public record Port(int port, Integer targetPort) {
    }

    public ServiceSummary {
        ports = List.copyOf(ports);
    }

    public static ServiceSummary of(Service service) {
        boolean headless = service.getSpec() != null && "None".equals(service.getSpec().getClusterIP());
        List<ServicePort> ports = service.getSpec() == null || service.getSpec().getPorts() == null
                ? List.of() : service.getSpec().getPorts();
        return new ServiceSummary(ResourceKey.of(service), headless, ports.stream()
                .filter(p -> p.getPort() != null)
                .map(p -> new Port(p.getPort(), numericTarget(p.getTargetPort(), p.getPort())))
                .toList());
    }

    private static Integer numericTarget(IntOrString target, int port) {
        if (target == null) {
            return port;
        }
        return target.getIntVal();
    }
}
