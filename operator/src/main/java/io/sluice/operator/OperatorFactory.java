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

    public static Operator create(KubernetesClient client, OperatorSettings settings, MeterRegistry registry,
                                  Clock clock) {
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
                        settings.release().namespace()));
            }
        });
        operator.register(new RoutingReconciler(settings.release(), settings.watchNamespaces(), registry, clock),
                c -> c.withName("routing")
                        .settingNamespace(settings.release().namespace())
                        .withLabelSelector(ReleaseConfigMap.labelSelector(settings.release())));
        return operator;
    }
}
