package io.sluice.operator.reconciler;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.sluice.operator.model.Assembly;
import java.util.concurrent.atomic.AtomicLong;

/** What the last reconcile produced and how often it had to write, for /metrics. */
final class RoutingMetrics {
    private final AtomicLong backends = new AtomicLong();
    private final AtomicLong namespaces = new AtomicLong();
    private final AtomicLong notReady = new AtomicLong();
    private final AtomicLong routingBytes = new AtomicLong();
    private final Counter reconciles;
    private final Counter configMapWrites;
    private final Counter statusWrites;

    RoutingMetrics(MeterRegistry registry) {
        Gauge.builder("sluice_operator_routed_backends", backends, AtomicLong::get)
                .description("StreamBackends in the routing ConfigMap").register(registry);
        Gauge.builder("sluice_operator_routed_namespaces", namespaces, AtomicLong::get)
                .description("Channel namespaces in the routing ConfigMap").register(registry);
        Gauge.builder("sluice_operator_not_ready_resources", notReady, AtomicLong::get)
                .description("StreamBackends and ProxyStreamNamespaces whose Ready condition is False")
                .register(registry);
        Gauge.builder("sluice_operator_routing_bytes", routingBytes, AtomicLong::get)
                .description("Size of the rendered routing file").register(registry);
        reconciles = Counter.builder("sluice_operator_reconciles")
                .description("Reconciles of the release's routing").register(registry);
        configMapWrites = Counter.builder("sluice_operator_routing_writes")
                .description("Updates of the routing ConfigMap").register(registry);
        statusWrites = Counter.builder("sluice_operator_status_writes")
                .description("Status updates of StreamBackends and ProxyStreamNamespaces").register(registry);
    }

    void reconciled(Assembly assembly) {
        reconciles.increment();
        backends.set(assembly.routing().backends().size());
        namespaces.set(assembly.routing().namespaces().size());
        notReady.set(assembly.notReady());
        routingBytes.set(assembly.routingJson().length());
    }

    void configMapWritten() {
        configMapWrites.increment();
    }

    void statusWritten() {
        statusWrites.increment();
    }
}
