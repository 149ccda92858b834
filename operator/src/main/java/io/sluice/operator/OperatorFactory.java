package io.sluice.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.sluice.operator.reconciler.ReleaseConfigMap;
import io.sluice.operator.reconciler.RoutingReconciler;
import java.time.Clock;

/** Builds the operator exactly as production runs it; the tests use this too, against the mock API server. */
public final class OperatorFactory {
    private OperatorFactory() {
    }

    /** The operator as it runs in a pod: a replica that loses its Lease exits, and Kubernetes restarts it. */
    public static Operator create(KubernetesClient client, OperatorSettings settings, MeterRegistry registry,
                                  Clock clock) {
        return create(client, settings, registry, clock, true);
    }

    /**
     * {@code exitOnLostLease}: whether losing the Lease ends the JVM. Only tests turn it off, because
     * stopping the operator gives the Lease up and must not end the test run.
     */
    public static Operator create(KubernetesClient client, OperatorSettings settings, MeterRegistry registry,
                                  Clock clock, boolean exitOnLostLease) {
        Operator operator = new Operator(o -> {
            o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    // One write path everywhere: no server-side apply (the mock API server the tests use
                    // rejects it), so what the tests exercise is what runs in a cluster.
                    .withUseSSAToPatchPrimaryResource(false)
                    .withSSABasedCreateUpdateMatchForDependentResources(false)
                    .withMetrics(MicrometerMetrics.newMicrometerMetricsBuilder(registry).build());
            if (settings.leaderElection()) {
                o.withLeaderElectionConfiguration(new LeaderElectionConfiguration(settings.leaseName(),
                        settings.release().namespace(), LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
                        LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
                        LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE, null, null, exitOnLostLease));
            }
        });
        operator.register(new RoutingReconciler(settings.release(), settings.watchNamespaces(), registry, clock),
                c -> c.withName("routing")
                        .settingNamespace(settings.release().namespace())
                        .withLabelSelector(ReleaseConfigMap.labelSelector(settings.release())));
        return operator;
    }
}
