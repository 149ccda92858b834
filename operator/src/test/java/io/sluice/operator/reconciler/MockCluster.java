package io.sluice.operator.reconciler;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.operator.MockApiServers;
import io.sluice.operator.OperatorFactory;
import io.sluice.operator.OperatorSettings;
import io.sluice.operator.crd.ProxyStreamNamespace;
import io.sluice.operator.crd.StreamBackend;
import io.sluice.operator.model.ReleaseSettings;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** The operator as production builds it, running against fabric8's mock API server in CRUD mode. */
final class MockCluster implements AutoCloseable {
    static final String RELEASE_NAMESPACE = "sluice";
    static final Set<String> WATCHED = Set.of("apps", "team-b");
    static final ReleaseSettings RELEASE =
            new ReleaseSettings("demo", RELEASE_NAMESPACE, "cluster.local", "/etc/sluice/backend-tls", null);

    final KubernetesClient client;
    final KubernetesMockServer server;
    final MeterRegistry registry = new SimpleMeterRegistry();
    private final Operator operator;

    MockCluster(KubernetesClient client, KubernetesMockServer server) throws IOException {
        this.client = client;
        this.server = server;
        MockApiServers.installCrds(client);
        RoutingBootstrap.ensureConfigMap(client, RELEASE);
        MockApiServers.allowLeases(server);
        // Leader election on, as in production: the Lease goes through the same mock API server.
        operator = OperatorFactory.create(client, new OperatorSettings(RELEASE, WATCHED, 0, true, Duration.ofSeconds(30)), registry,
                Clock.systemUTC(), false);
        operator.start();
    }

    String routing() {
        ConfigMap cm = configMap();
        return cm == null ? null : cm.getData().get(ReleaseSettings.ROUTING_KEY);
    }

    ConfigMap configMap() {
        return client.configMaps().inNamespace(RELEASE_NAMESPACE).withName(RELEASE.configMapName()).get();
    }

    StreamBackend backend(String namespace, String name) {
        return client.resources(StreamBackend.class).inNamespace(namespace).withName(name).get();
    }

    ProxyStreamNamespace namespace(String namespace, String name) {
        return client.resources(ProxyStreamNamespace.class).inNamespace(namespace).withName(name).get();
    }

    <T extends HasMetadata> T create(T resource) {
        return client.resource(resource).create();
    }

    List<Event> events(String namespace, String involvedName) {
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> involvedName.equals(e.getInvolvedObject().getName())).toList();
    }

    double counter(String name) {
        var counter = registry.find(name).counter();
        return counter == null ? 0 : counter.count();
    }

    /** Deletes every routed resource and waits until the routing is empty again. */
    void clear() {
        for (String namespace : WATCHED) {
            client.resources(ProxyStreamNamespace.class).inNamespace(namespace).delete();
            client.resources(StreamBackend.class).inNamespace(namespace).delete();
            client.services().inNamespace(namespace).delete();
            client.v1().events().inNamespace(namespace).delete();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> ReleaseConfigMap.EMPTY_ROUTING.equals(routing()));
    }

    /** Forgets the requests the server has seen so far. */
    void forgetRequests() throws InterruptedException {
        while (server.takeRequest(10, TimeUnit.MILLISECONDS) != null) {
            // drained
        }
    }

    /** Requests since {@link #forgetRequests()} that change something, except leader-election renewals. */
    List<String> writesSinceForgotten() throws InterruptedException {
        List<String> writes = new ArrayList<>();
        RecordedRequest request;
        while ((request = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
            if (!"GET".equals(request.getMethod()) && !request.getPath().contains("/leases")) {
                writes.add(request.getMethod() + " " + request.getPath());
            }
        }
        return writes;
    }

    @Override
    public void close() {
        operator.stop();
    }
}
