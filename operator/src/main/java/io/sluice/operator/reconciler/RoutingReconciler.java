package io.sluice.operator.reconciler;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.sluice.operator.crd.ProxyStreamNamespace;
import io.sluice.operator.crd.StreamBackend;
import io.sluice.operator.model.Assembly;
import io.sluice.operator.model.Outcome;
import io.sluice.operator.model.ReleaseSettings;
import io.sluice.operator.model.ResourceKey;
import io.sluice.operator.model.RoutingAssembler;
import io.sluice.operator.model.RoutingJson;
import io.sluice.operator.model.ServiceSummary;
import io.sluice.operator.status.DesiredStatus;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reconciler per release, keyed on the release's routing ConfigMap: every change to a
 * StreamBackend, ProxyStreamNamespace or Service in the watched namespaces maps to that one key, so
 * reconciles never run concurrently and each sees one consistent set of resources. It only reads the
 * informer caches, calls the pure {@link RoutingAssembler} and writes what differs: the ConfigMap and
 * the statuses (plus Events when Ready changes). A second reconcile over the same input writes nothing.
 */
public final class RoutingReconciler implements Reconciler<ConfigMap> {
    private static final Logger log = LoggerFactory.getLogger(RoutingReconciler.class);

    private final ReleaseSettings release;
    private final Set<String> watchNamespaces;
    private final RoutingMetrics metrics;
    private final Clock clock;
    private InformerEventSource<StreamBackend, ConfigMap> backends;
    private InformerEventSource<ProxyStreamNamespace, ConfigMap> namespaces;
    private InformerEventSource<Service, ConfigMap> services;

    public RoutingReconciler(ReleaseSettings release, Set<String> watchNamespaces, MeterRegistry registry,
                             Clock clock) {
        this.release = release;
        this.watchNamespaces = Set.copyOf(watchNamespaces);
        this.metrics = new RoutingMetrics(registry);
        this.clock = clock;
    }

    @Override
    public List<EventSource<?, ConfigMap>> prepareEventSources(EventSourceContext<ConfigMap> context) {
        backends = watch(StreamBackend.class, context, true);
        namespaces = watch(ProxyStreamNamespace.class, context, true);
        services = watch(Service.class, context, false);
        return List.of(backends, namespaces, services);
    }

    /**
     * Every object of {@code type} in the watched namespaces triggers the release's reconcile. For our own
     * kinds only spec and deletion changes do: status updates are our own writes.
     */
    private <R extends HasMetadata> InformerEventSource<R, ConfigMap> watch(
            Class<R> type, EventSourceContext<ConfigMap> context, boolean ignoreStatusOnlyChanges) {
        var release = ReleaseConfigMap.id(this.release);
        var config = InformerEventSourceConfiguration.from(type, ConfigMap.class)
                .withName(type.getSimpleName())
                .withNamespaces(watchNamespaces)
                .withSecondaryToPrimaryMapper(resource -> Set.of(release));
        if (ignoreStatusOnlyChanges) {
            config.withOnUpdateFilter(new FailOpenUpdateFilter<R>(RoutingReconciler::specOrMetadataChanged));
        }
        return new InformerEventSource<>(config.build(), context);
    }

    /** Spec compared by content, not generation, so it holds wherever generation is not maintained. */
    private static boolean specOrMetadataChanged(HasMetadata now, HasMetadata before) {
        return !Objects.equals(specJson(now), specJson(before))
                || !Objects.equals(now.getMetadata().getGeneration(), before.getMetadata().getGeneration())
                || !Objects.equals(now.getMetadata().getDeletionTimestamp(), before.getMetadata().getDeletionTimestamp());
    }

    private static String specJson(HasMetadata resource) {
        return resource instanceof CustomResource<?, ?> custom ? Serialization.asJson(custom.getSpec()) : null;
    }

    @Override
    public UpdateControl<ConfigMap> reconcile(ConfigMap configMap, Context<ConfigMap> context) {
        List<StreamBackend> currentBackends = backends.list(r -> true).toList();
        List<ProxyStreamNamespace> currentNamespaces = namespaces.list(r -> true).toList();
        List<ServiceSummary> currentServices = services.list(r -> true).map(ServiceSummary::of).toList();
        Assembly assembly = RoutingAssembler.assemble(currentBackends, currentNamespaces, currentServices, release);
        metrics.reconciled(assembly);

        KubernetesClient client = context.getClient();
        EventRecorder events = new EventRecorder(client, clock);
        if (new ConfigMapWriter(client, release).write(configMap, assembly.routingJson())) {
            metrics.configMapWritten();
            String summary = assembly.routing().backends().size() + " backends, "
                    + assembly.routing().namespaces().size() + " channel namespaces, sha256 "
                    + RoutingJson.sha256(assembly.routingJson());
            log.info("routing updated: {}", summary);
            events.record(configMap, false, "RoutingUpdated", summary);
        }
        StatusWriter statuses = new StatusWriter(client, events, clock);
        for (StreamBackend backend : currentBackends) {
            Outcome outcome = assembly.backend(ResourceKey.of(backend));
            Long seen = backend.getMetadata().getGeneration();
            if (outcome != null && statuses.write(backend, StreamBackend.class,
                    (current, now) -> DesiredStatus.of(current, seen, outcome, now))) {
                metrics.statusWritten();
            }
        }
        for (ProxyStreamNamespace namespace : currentNamespaces) {
            Outcome outcome = assembly.namespace(ResourceKey.of(namespace));
            Long seen = namespace.getMetadata().getGeneration();
            if (outcome != null && statuses.write(namespace, ProxyStreamNamespace.class,
                    (current, now) -> DesiredStatus.of(current, seen, outcome, now))) {
                metrics.statusWritten();
            }
        }
        return UpdateControl.noUpdate();
    }
}
