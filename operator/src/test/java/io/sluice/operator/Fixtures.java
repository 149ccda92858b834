package io.sluice.operator;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.sluice.operator.crd.BackendReference;
import io.sluice.operator.crd.ProxyStreamNamespace;
import io.sluice.operator.crd.ProxyStreamNamespaceSpec;
import io.sluice.operator.crd.ServiceReference;
import io.sluice.operator.crd.StreamBackend;
import io.sluice.operator.crd.StreamBackendSpec;
import io.sluice.operator.model.ReleaseSettings;
import java.time.Instant;
import java.util.function.Consumer;

/** Builders for the resources the tests feed to the assembler and the mock API server. */
public final class Fixtures {
    public static final ReleaseSettings RELEASE =
            new ReleaseSettings("demo", "sluice", "cluster.local", "/etc/sluice/backend-tls", null);
    /** A fixed creation time; {@link #createdAt} moves resources relative to it. */
    public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private Fixtures() {
    }

    public static StreamBackend endpointBackend(String namespace, String name, String endpoint) {
        return backend(namespace, name, spec -> spec.setEndpoint(endpoint));
    }

    public static StreamBackend serviceBackend(String namespace, String name, String service, int port) {
        return backend(namespace, name, spec -> spec.setService(new ServiceReference(service, port)));
    }

    public static StreamBackend backend(String namespace, String name, Consumer<StreamBackendSpec> customize) {
        StreamBackend backend = new StreamBackend();
        backend.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).withGeneration(1L)
                .withCreationTimestamp(T0.toString()).build());
        StreamBackendSpec spec = new StreamBackendSpec();
        customize.accept(spec);
        backend.setSpec(spec);
        return backend;
    }

    public static ProxyStreamNamespace namespace(String namespace, String name, String backend) {
        return namespace(namespace, name, backend, spec -> {
        });
    }

    public static ProxyStreamNamespace namespace(String namespace, String name, String backend,
                                                 Consumer<ProxyStreamNamespaceSpec> customize) {
        ProxyStreamNamespace psn = new ProxyStreamNamespace();
        psn.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).withGeneration(1L)
                .withCreationTimestamp(T0.toString()).build());
        ProxyStreamNamespaceSpec spec = new ProxyStreamNamespaceSpec();
        spec.setBackendRef(backend == null ? null : new BackendReference(backend));
        customize.accept(spec);
        psn.setSpec(spec);
        return psn;
    }

    public static <T extends io.fabric8.kubernetes.api.model.HasMetadata> T createdAt(T resource, int secondsAfterT0) {
        resource.getMetadata().setCreationTimestamp(T0.plusSeconds(secondsAfterT0).toString());
        return resource;
    }

    public static Service clusterIpService(String namespace, String name, int port) {
        return service(namespace, name, "10.0.0.10", new ServicePortBuilder().withPort(port).build());
    }

    public static Service headlessService(String namespace, String name, ServicePort... ports) {
        return service(namespace, name, "None", ports);
    }

    public static ServicePort port(int port, int targetPort) {
        return new ServicePortBuilder().withPort(port).withTargetPort(new IntOrString(targetPort)).build();
    }

    public static ServicePort namedTargetPort(int port, String targetPort) {
        return new ServicePortBuilder().withPort(port).withTargetPort(new IntOrString(targetPort)).build();
    }

    private static Service service(String namespace, String name, String clusterIp, ServicePort... ports) {
        return new ServiceBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withNewSpec().withClusterIP(clusterIp).withPorts(ports).endSpec()
                .build();
    }
}
