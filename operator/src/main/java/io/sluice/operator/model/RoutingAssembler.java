package io.sluice.operator.model;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.sluice.operator.crd.ProxyStreamNamespace;
import io.sluice.operator.crd.ProxyStreamNamespaceSpec;
import io.sluice.operator.crd.StreamBackend;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The decision "resources → routing file + statuses", as a pure function. Rules:
 * <ul>
 *   <li>A StreamBackend is routed when its spec is valid and its endpoint resolves; its routing name is
 *       {@code <namespace>.<name>} (namespaces cannot contain dots, so names never collide).</li>
 *   <li>A ProxyStreamNamespace is routed when its spec is valid, its backend is routed and no older
 *       ProxyStreamNamespace claims the same channel namespace.</li>
 *   <li>Conflicts (a channel namespace claimed twice; connection streams enabled on two backends) are
 *       decided among resources with a valid spec: the oldest wins, even while its backend is unresolved,
 *       so a passing outage never hands a namespace to another resource.</li>
 * </ul>
 * The same resources in any order give byte-identical routing.
 */
public final class RoutingAssembler {
    private static final Pattern CHANNEL_NAMESPACE = Pattern.compile(ProxyStreamNamespaceSpec.CHANNEL_NAMESPACE_PATTERN);

    private RoutingAssembler() {
    }

    public static Assembly assemble(Collection<StreamBackend> backends, Collection<ProxyStreamNamespace> namespaces,
                                    Collection<ServiceSummary> services, ReleaseSettings release) {
        Map<ResourceKey, ServiceSummary> serviceByKey = services.stream()
                .collect(Collectors.toMap(ServiceSummary::key, Function.identity(), (a, b) -> a));
        List<StreamBackend> backendsOldestFirst = live(backends);
        List<ProxyStreamNamespace> namespacesOldestFirst = live(namespaces);

        SortedMap<ResourceKey, Outcome> backendOutcomes = new TreeMap<>();
        SortedMap<String, RoutingConfig.Backend> routedBackends = new TreeMap<>();
        RoutingConfig.Connect connect = null;
        StreamBackend connectOwner = null;
        for (StreamBackend backend : backendsOldestFirst) {
            ResourceKey key = ResourceKey.of(backend);
            BackendSpecCheck.Checked spec = BackendSpecCheck.check(backend);
            Verdict conflict = noConflict();
            if (spec.valid() && spec.connect()) {
                if (connectOwner == null) {
                    connectOwner = backend;
                } else {
                    conflict = Verdict.isTrue(Verdict.CONFLICT, Reasons.CONNECT_BACKEND_TAKEN, "spec.connect.enabled:"
                            + " connection streams are already served by StreamBackend " + ResourceKey.of(connectOwner)
                            + ", which is older; only one StreamBackend per release may enable them");
                }
            }
            BackendDecision decision = decideBackend(key, spec, conflict, serviceByKey, release);
            backendOutcomes.put(key, decision.outcome());
            if (decision.entry() != null) {
                routedBackends.put(decision.entry().name(), decision.entry());
                if (backend == connectOwner) {
                    connect = new RoutingConfig.Connect(decision.entry().name(), spec.connectBidirectional());
                }
            }
        }

        SortedMap<ResourceKey, Outcome> namespaceOutcomes = new TreeMap<>();
        SortedMap<String, RoutingConfig.Namespace> routedNamespaces = new TreeMap<>();
        Map<String, ProxyStreamNamespace> claims = new TreeMap<>();
        for (ProxyStreamNamespace namespace : namespacesOldestFirst) {
            NamespaceDecision decision = decideNamespace(namespace, claims, backendOutcomes, routedBackends);
            namespaceOutcomes.put(ResourceKey.of(namespace), decision.outcome());
            if (decision.entry() != null) {
                routedNamespaces.put(decision.entry().name(), decision.entry());
            }
        }

        RoutingConfig routing = new RoutingConfig(List.copyOf(routedBackends.values()),
                List.copyOf(routedNamespaces.values()), connect);
        return new Assembly(routing, RoutingJson.render(routing), backendOutcomes, namespaceOutcomes);
    }

    private record BackendDecision(Outcome outcome, RoutingConfig.Backend entry) {
    }

    private static BackendDecision decideBackend(ResourceKey key, BackendSpecCheck.Checked spec, Verdict conflict,
                                                 Map<ResourceKey, ServiceSummary> services, ReleaseSettings release) {
        Verdict resolved;
        String endpoint = null;
        if (!spec.locatorProblems().isEmpty()) {
            resolved = Verdict.isFalse(Verdict.BACKEND_RESOLVED, Reasons.INVALID_SPEC,
                    FieldProblem.describe(spec.locatorProblems()));
        } else {
            EndpointResolution.Result result = EndpointResolution.resolve(key.namespace(), spec, services, release);
            resolved = result.verdict();
            endpoint = result.endpoint();
            if (result.resolved() && spec.tlsSecretName() != null && release.mountedTlsSecrets() != null
                    && !release.mountedTlsSecrets().contains(spec.tlsSecretName())) {
                resolved = Verdict.isFalse(Verdict.BACKEND_RESOLVED, Reasons.TLS_SECRET_NOT_MOUNTED,
                        "Secret '" + spec.tlsSecretName() + "' (spec.tls.secretName) is not mounted into the nodes;"
                                + " mounted: " + (release.mountedTlsSecrets().isEmpty() ? "none"
                                : String.join(", ", new TreeSet<>(release.mountedTlsSecrets())))
                                + " (add it to the release's backend TLS Secrets)");
            }
        }
        String routingName = key.namespace() + "." + key.name();
        Verdict ready;
        if (!spec.valid()) {
            ready = Verdict.isFalse(Verdict.READY, Reasons.INVALID_SPEC, FieldProblem.describe(spec.problems()));
        } else if (!resolved.status()) {
            ready = Verdict.isFalse(Verdict.READY, resolved.reason(), resolved.message());
        } else if (conflict.status()) {
            ready = Verdict.isFalse(Verdict.READY, conflict.reason(), conflict.message()
                    + " (the backend still serves subscription streams)");
        } else {
            ready = Verdict.isTrue(Verdict.READY, Reasons.ROUTED, "routed as '" + routingName + "' to " + endpoint
                    + " in ConfigMap " + release.namespace() + "/" + release.configMapName());
        }
        boolean routed = spec.valid() && resolved.status();
        RoutingConfig.Backend entry = !routed ? null : new RoutingConfig.Backend(routingName, endpoint,
                spec.contract(), spec.timeout(), spec.tls(),
                spec.tlsSecretName() == null ? null : release.caFile(spec.tlsSecretName()), spec.tlsServerName(),
                spec.grpcMetadata(), spec.httpHeaders(), spec.includeConnectionMeta(), spec.connections());
        return new BackendDecision(new Outcome(List.of(ready, resolved, conflict), endpoint, null,
                routed ? routingName : null), entry);
    }

    private record NamespaceDecision(Outcome outcome, RoutingConfig.Namespace entry) {
    }

    private static NamespaceDecision decideNamespace(ProxyStreamNamespace namespace,
                                                     Map<String, ProxyStreamNamespace> claims,
                                                     Map<ResourceKey, Outcome> backendOutcomes,
                                                     Map<String, RoutingConfig.Backend> routedBackends) {
        ResourceKey key = ResourceKey.of(namespace);
        ProxyStreamNamespaceSpec spec = namespace.getSpec();
        List<FieldProblem> problems = new ArrayList<>();
        String channelNamespace = null;
        String backendName = null;
        if (spec == null) {
            problems.add(new FieldProblem("spec", "is missing"));
        } else {
            boolean defaulted = spec.getChannelNamespace() == null;
            channelNamespace = defaulted ? key.name() : spec.getChannelNamespace();
            if (!CHANNEL_NAMESPACE.matcher(channelNamespace).matches()) {
                problems.add(new FieldProblem(defaulted ? "metadata.name" : "spec.channelNamespace", "\""
                        + channelNamespace + "\" is not a channel namespace (it must match "
                        + ProxyStreamNamespaceSpec.CHANNEL_NAMESPACE_PATTERN + ")"
                        + (defaulted ? "; set spec.channelNamespace" : "")));
            }
            backendName = spec.getBackendRef() == null ? null : spec.getBackendRef().getName();
            if (backendName == null || backendName.isBlank()) {
                problems.add(new FieldProblem("spec.backendRef.name", "is missing"));
                backendName = null;
            }
        }

        Verdict conflict = noConflict();
        if (problems.isEmpty()) {
            ProxyStreamNamespace owner = claims.putIfAbsent(channelNamespace, namespace);
            if (owner != null) {
                String field = spec.getChannelNamespace() == null ? "metadata.name" : "spec.channelNamespace";
                conflict = Verdict.isTrue(Verdict.CONFLICT, Reasons.DUPLICATE_CHANNEL_NAMESPACE, field
                        + ": channel namespace '" + channelNamespace + "' is already claimed by ProxyStreamNamespace "
                        + ResourceKey.of(owner) + ", which is older");
            }
        }

        ResourceKey backendKey = backendName == null ? null : new ResourceKey(key.namespace(), backendName);
        Optional<Outcome> backend = Optional.ofNullable(backendKey).map(backendOutcomes::get);
        Verdict resolved;
        if (backendKey == null) {
            resolved = Verdict.isFalse(Verdict.BACKEND_RESOLVED, Reasons.INVALID_SPEC,
                    problems.isEmpty() ? "spec is missing" : FieldProblem.describe(problems));
        } else if (backend.isEmpty()) {
            resolved = Verdict.isFalse(Verdict.BACKEND_RESOLVED, Reasons.BACKEND_NOT_FOUND, "StreamBackend '"
                    + backendName + "' (spec.backendRef.name) not found in namespace '" + key.namespace() + "'");
        } else if (backend.get().routingName() == null) {
            resolved = Verdict.isFalse(Verdict.BACKEND_RESOLVED, Reasons.BACKEND_NOT_READY, "StreamBackend '"
                    + backendName + "' (spec.backendRef.name) is not usable: "
                    + backend.get().condition(Verdict.READY).message());
        } else {
            resolved = Verdict.isTrue(Verdict.BACKEND_RESOLVED, Reasons.BACKEND_RESOLVED, "StreamBackend '"
                    + backendName + "' at " + backend.get().endpoint());
        }

        boolean routed = problems.isEmpty() && resolved.status() && !conflict.status();
        String routingName = routed ? backend.get().routingName() : null;
        Verdict ready;
        if (!problems.isEmpty()) {
            ready = Verdict.isFalse(Verdict.READY, Reasons.INVALID_SPEC, FieldProblem.describe(problems));
        } else if (conflict.status()) {
            ready = Verdict.isFalse(Verdict.READY, conflict.reason(), conflict.message());
        } else if (!resolved.status()) {
            ready = Verdict.isFalse(Verdict.READY, resolved.reason(), resolved.message());
        } else {
            ready = Verdict.isTrue(Verdict.READY, Reasons.ROUTED, "channels '" + channelNamespace + ":*' stream from"
                    + " backend '" + routingName + "'");
        }
        RoutingConfig.Namespace entry = !routed ? null : new RoutingConfig.Namespace(channelNamespace,
                routedBackends.get(routingName).name(), Boolean.TRUE.equals(spec.getBidirectional()),
                spec.getPresence(), spec.getJoinLeave(), spec.getForcePushJoinLeave());
        return new NamespaceDecision(new Outcome(List.of(ready, resolved, conflict), null, channelNamespace,
                routingName), entry);
    }

    /** Resources not being deleted, oldest first (the order conflicts are decided in). */
    private static <T extends HasMetadata> List<T> live(Collection<T> resources) {
        return resources.stream()
                .filter(r -> r.getMetadata().getDeletionTimestamp() == null)
                .sorted(Seniority.oldestFirst())
                .toList();
    }

    private static Verdict noConflict() {
        return Verdict.isFalse(Verdict.CONFLICT, Reasons.NO_CONFLICT, "no other resource claims the same");
    }
}
