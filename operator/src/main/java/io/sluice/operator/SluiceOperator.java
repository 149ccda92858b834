package io.sluice.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.operator.reconciler.RoutingBootstrap;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Entry point: {@code java -jar sluice-operator.jar}, configured by SLUICE_* variables (see OperatorSettings). */
public final class SluiceOperator {
    private static final Logger log = LoggerFactory.getLogger(SluiceOperator.class);

    private SluiceOperator() {
    }

    public static void main(String[] args) throws Exception {
        KubernetesClient client = new KubernetesClientBuilder().build();
        OperatorSettings settings = OperatorSettings.fromEnvironment(System.getenv(), client.getNamespace());
        log.info("release {} in namespace {}, routing resources of {}", settings.release().release(),
                settings.release().namespace(), settings.watchNamespaces());
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        RoutingBootstrap.ensureConfigMap(client, settings.release());
        // The reconciler is keyed on the ConfigMap, so nothing reconciles once it is deleted: recreate it.
        RoutingBootstrap.keepConfigMap(client, settings.release(), settings.configMapCheckInterval());
        Operator operator = OperatorFactory.create(client, settings, registry, Clock.systemUTC());
        if (!settings.leaderElection()) {
            // JOSDK installs no shutdown hook under leader election (asking only logs a warning), so
            // there SIGTERM ends the JVM directly and a standby takes the Lease when it expires.
            operator.installShutdownHook(Duration.ofSeconds(10));
        }
        ProbeServer.start(settings.probePort(), operator.getRuntimeInfo(), registry);
        operator.start();
    }
}
