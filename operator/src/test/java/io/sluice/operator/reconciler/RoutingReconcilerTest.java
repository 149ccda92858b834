package io.sluice.operator.reconciler;

import static io.sluice.operator.Fixtures.backend;
import static io.sluice.operator.Fixtures.clusterIpService;
import static io.sluice.operator.Fixtures.endpointBackend;
import static io.sluice.operator.Fixtures.headlessService;
import static io.sluice.operator.Fixtures.namespace;
import static io.sluice.operator.Fixtures.port;
import static io.sluice.operator.Fixtures.serviceBackend;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.sluice.operator.crd.ConditionedStatus;
import io.sluice.operator.crd.ConnectSpec;
import io.sluice.operator.crd.ProxyStreamNamespace;
import io.sluice.operator.crd.StatusCondition;
import io.sluice.operator.crd.StreamBackend;
import io.sluice.operator.model.ReleaseSettings;
import io.sluice.operator.model.RoutingJson;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End to end against the mock API server (CRUD mode): resources in, ConfigMap and statuses out. One
 * operator serves the whole class; each test starts from an empty routing.
 */
@EnableKubernetesMockClient(crud = true)
class RoutingReconcilerTest {
    static KubernetesClient client;
    static KubernetesMockServer server;
    static MockCluster cluster;

    @BeforeAll
    static void startOperator() throws Exception {
        cluster = new MockCluster(client, server);
    }

    @AfterAll
    static void stopOperator() {
        cluster.close();
    }

    @AfterEach
    void clear() {
        cluster.clear();
    }

    static StatusCondition condition(Supplier<? extends ConditionedStatus> status, String type) {
        ConditionedStatus current = status.get();
        return current == null ? null : current.condition(type).orElse(null);
    }

    static void awaitCondition(Supplier<? extends ConditionedStatus> status, String type, String value, String reason) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            StatusCondition condition = condition(status, type);
            assertThat(condition).as(type).isNotNull();
            assertThat(condition.getStatus()).as(type + " " + condition).isEqualTo(value);
            assertThat(condition.getReason()).as(type + " " + condition).isEqualTo(reason);
        });
    }

    static void awaitRouting(String... fragments) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(cluster.routing()).contains(fragments));
    }

    @Test
    void applyUpdateAndDeleteFlowIntoTheConfigMapAndStatuses() {
        cluster.create(headlessService("apps", "prices", port(9000, 9000)));
        cluster.create(serviceBackend("apps", "prices", "prices", 9000));
        cluster.create(namespace("apps", "prices", "prices", s -> s.setPresence(true)));

        awaitRouting("\"name\": \"apps.prices\"", "\"endpoint\": \"dns:///prices.apps.svc.cluster.local:9000\"",
                "\"proxy_stream_subscribe_backend\": \"apps.prices\"", "\"presence\": true");
        Supplier<StreamBackend> backend = () -> cluster.backend("apps", "prices");
        Supplier<ProxyStreamNamespace> namespace = () -> cluster.namespace("apps", "prices");
        awaitCondition(() -> backend.get().getStatus(), "Ready", "True", "Routed");
        awaitCondition(() -> namespace.get().getStatus(), "Ready", "True", "Routed");
        assertThat(backend.get().getStatus().getEndpoint()).isEqualTo("dns:///prices.apps.svc.cluster.local:9000");
        assertThat(backend.get().getStatus().getRoutingName()).isEqualTo("apps.prices");
        assertThat(backend.get().getStatus().getObservedGeneration()).isEqualTo(backend.get().getMetadata().getGeneration());
        assertThat(condition(() -> backend.get().getStatus(), "BackendResolved").getReason()).isEqualTo("ServiceResolved");
        assertThat(condition(() -> backend.get().getStatus(), "Conflict").getStatus()).isEqualTo("False");
        assertThat(namespace.get().getStatus().getChannelNamespace()).isEqualTo("prices");
        assertThat(namespace.get().getStatus().getBackend()).isEqualTo("apps.prices");
        String json = cluster.routing();
        assertThat(cluster.configMap().getMetadata().getAnnotations())
                .containsEntry(ReleaseConfigMap.HASH_ANNOTATION, RoutingJson.sha256(json));

        // update: the spec change reaches the routing and the status records the new generation
        StreamBackend changed = backend.get();
        changed.getSpec().setTimeout("2s");
        client.resource(changed).update();
        awaitRouting("\"timeout\": \"2s\"");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                backend.get().getStatus().getObservedGeneration()).isEqualTo(backend.get().getMetadata().getGeneration()));

        // delete the namespace, then the backend
        client.resource(namespace.get()).delete();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(cluster.routing()).doesNotContain("proxy_stream_subscribe_backend").contains("apps.prices"));
        client.resource(backend.get()).delete();
        await().atMost(Duration.ofSeconds(10)).until(() -> ReleaseConfigMap.EMPTY_ROUTING.equals(cluster.routing()));
    }

    @Test
    void missingServiceIsReportedUntilItAppears() {
        cluster.create(serviceBackend("apps", "api", "api", 8080));
        cluster.create(namespace("apps", "api", "api"));
        Supplier<ConditionedStatus> backend = () -> cluster.backend("apps", "api").getStatus();
        Supplier<ConditionedStatus> namespace = () -> cluster.namespace("apps", "api").getStatus();
        awaitCondition(backend, "BackendResolved", "False", "ServiceNotFound");
        awaitCondition(backend, "Ready", "False", "ServiceNotFound");
        awaitCondition(namespace, "BackendResolved", "False", "BackendNotReady");
        assertThat(condition(backend, "Ready").getMessage())
                .isEqualTo("Service 'api' (spec.service.name) not found in namespace 'apps'");
        assertThat(condition(namespace, "Ready").getMessage()).contains("StreamBackend 'api' (spec.backendRef.name)");
        assertThat(cluster.routing()).isEqualTo(ReleaseConfigMap.EMPTY_ROUTING);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(cluster.events("apps", "api"))
                .extracting(Event::getType, Event::getReason).contains(
                        org.assertj.core.groups.Tuple.tuple("Warning", "ServiceNotFound"),
                        org.assertj.core.groups.Tuple.tuple("Warning", "BackendNotReady")));
        String conflictSince = condition(backend, "Conflict").getLastTransitionTime();

        cluster.create(clusterIpService("apps", "api", 8080));
        awaitCondition(backend, "Ready", "True", "Routed");
        awaitCondition(namespace, "Ready", "True", "Routed");
        awaitRouting("\"endpoint\": \"grpc://api.apps.svc.cluster.local:8080\"");
        assertThat(condition(backend, "Conflict").getLastTransitionTime()).as("unchanged status keeps its time")
                .isEqualTo(conflictSince);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(cluster.events("apps", "api"))
                .extracting(Event::getType, Event::getReason)
                .contains(org.assertj.core.groups.Tuple.tuple("Normal", "Routed")));
    }

    @Test
    void aConditionFlipping50TimesIsOneEventPerReasonWithItsCount() {
        cluster.create(serviceBackend("apps", "flaps", "flaps", 8080));
        Supplier<ConditionedStatus> backend = () -> cluster.backend("apps", "flaps").getStatus();
        awaitCondition(backend, "Ready", "False", "ServiceNotFound");
        for (int flip = 1; flip <= 50; flip++) {
            if (flip % 2 == 1) {
                cluster.create(clusterIpService("apps", "flaps", 8080));
                awaitCondition(backend, "Ready", "True", "Routed");
            } else {
                client.services().inNamespace("apps").withName("flaps").delete();
                awaitCondition(backend, "Ready", "False", "ServiceNotFound");
            }
        }
        // 51 changes of Ready: the first report and 25 repeats of ServiceNotFound, 25 of Routed
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(cluster.events("apps", "flaps"))
                .extracting(Event::getType, Event::getReason, Event::getCount)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("Warning", "ServiceNotFound", 26),
                        org.assertj.core.groups.Tuple.tuple("Normal", "Routed", 25)));
    }

    @Test
    void everyConflictIsReportedAndOnlyTheWinnersAreRouted() {
        cluster.create(endpointBackend("apps", "shared", "grpc://shared:1"));
        cluster.create(connectBackend("apps", "sessions-a"));
        sleepPastCreationSecond();
        cluster.create(connectBackend("apps", "sessions-b"));
        cluster.create(namespace("apps", "chat", "shared"));
        sleepPastCreationSecond();
        cluster.create(namespace("apps", "chat-again", "shared", s -> s.setChannelNamespace("chat")));
        cluster.create(namespace("team-b", "chat", "shared"));
        cluster.create(namespace("apps", "orphan", "does-not-exist"));

        awaitCondition(() -> cluster.backend("apps", "sessions-b").getStatus(), "Conflict", "True",
                "ConnectBackendTaken");
        awaitCondition(() -> cluster.backend("apps", "sessions-b").getStatus(), "Ready", "False",
                "ConnectBackendTaken");
        awaitCondition(() -> cluster.backend("apps", "sessions-a").getStatus(), "Ready", "True", "Routed");
        awaitCondition(() -> cluster.namespace("apps", "chat-again").getStatus(), "Conflict", "True",
                "DuplicateChannelNamespace");
        awaitCondition(() -> cluster.namespace("apps", "chat").getStatus(), "Ready", "True", "Routed");
        awaitCondition(() -> cluster.namespace("team-b", "chat").getStatus(), "BackendResolved", "False",
                "BackendNotFound");
        awaitCondition(() -> cluster.namespace("apps", "orphan").getStatus(), "Ready", "False", "BackendNotFound");
        assertThat(condition(() -> cluster.namespace("apps", "chat-again").getStatus(), "Conflict").getMessage())
                .isEqualTo("spec.channelNamespace: channel namespace 'chat' is already claimed by"
                        + " ProxyStreamNamespace apps/chat, which is older");
        assertThat(condition(() -> cluster.namespace("apps", "orphan").getStatus(), "Ready").getMessage())
                .isEqualTo("StreamBackend 'does-not-exist' (spec.backendRef.name) not found in namespace 'apps'");

        awaitRouting("\"proxy_stream_connect_backend\": \"apps.sessions-a\"");
        String routing = cluster.routing();
        assertThat(routing).contains("\"name\": \"apps.sessions-b\"")
                .doesNotContain("orphan").doesNotContain("does-not-exist");
        assertThat(routing.split("\"name\": \"chat\"", -1)).hasSize(2);

        // the older claimant goes away: the younger takes over
        client.resource(cluster.namespace("apps", "chat")).delete();
        awaitCondition(() -> cluster.namespace("apps", "chat-again").getStatus(), "Ready", "True", "Routed");
        client.resource(cluster.backend("apps", "sessions-a")).delete();
        awaitRouting("\"proxy_stream_connect_backend\": \"apps.sessions-b\"");
        awaitCondition(() -> cluster.backend("apps", "sessions-b").getStatus(), "Conflict", "False", "NoConflict");
    }

    @Test
    void badResourcesBecomeConditionsNamingTheFieldAndTheRestKeepsWorking() {
        // The mock API server applies no schema, like a cluster with an old CRD: the operator must cope.
        cluster.create(backend("apps", "slow", s -> {
            s.setEndpoint("grpc://slow:1");
            s.setTimeout("30s");
        }));
        cluster.create(backend("apps", "both", s -> {
            s.setEndpoint("grpc://both:1");
            s.setService(new io.sluice.operator.crd.ServiceReference("x", 1));
        }));
        cluster.create(namespace("apps", "dotted.name", "slow"));
        cluster.create(endpointBackend("apps", "fine", "grpc://fine:1"));
        cluster.create(namespace("apps", "fine", "fine"));

        awaitCondition(() -> cluster.backend("apps", "slow").getStatus(), "Ready", "False", "InvalidSpec");
        awaitCondition(() -> cluster.backend("apps", "both").getStatus(), "BackendResolved", "False", "InvalidSpec");
        awaitCondition(() -> cluster.namespace("apps", "dotted.name").getStatus(), "Ready", "False", "InvalidSpec");
        awaitCondition(() -> cluster.namespace("apps", "fine").getStatus(), "Ready", "True", "Routed");
        assertThat(condition(() -> cluster.backend("apps", "slow").getStatus(), "Ready").getMessage())
                .startsWith("spec.timeout: \"30s\" must be above 0s and below 5s");
        assertThat(condition(() -> cluster.backend("apps", "both").getStatus(), "Ready").getMessage())
                .startsWith("spec.endpoint: set exactly one of spec.service and spec.endpoint");
        assertThat(condition(() -> cluster.namespace("apps", "dotted.name").getStatus(), "Ready").getMessage())
                .startsWith("metadata.name: \"dotted.name\" is not a channel namespace");
        awaitRouting("\"name\": \"apps.fine\"");
        assertThat(cluster.routing()).doesNotContain("slow").doesNotContain("both");
    }

    @Test
    void aConvergedReleaseIsLeftAloneASecondReconcileWritesNothing() throws Exception {
        cluster.create(clusterIpService("apps", "svc", 9000));
        cluster.create(serviceBackend("apps", "b", "svc", 9000));
        cluster.create(namespace("apps", "chat", "b"));
        cluster.create(serviceBackend("team-b", "missing", "nope", 1));
        awaitCondition(() -> cluster.namespace("apps", "chat").getStatus(), "Ready", "True", "Routed");
        awaitCondition(() -> cluster.backend("team-b", "missing").getStatus(), "Ready", "False", "ServiceNotFound");
        // settle: let every event of the writes above be processed
        double settled = awaitStable("sluice_operator_reconciles");
        double configWrites = cluster.counter("sluice_operator_routing_writes");
        double statusWrites = cluster.counter("sluice_operator_status_writes");
        StreamBackend before = cluster.backend("apps", "b");
        cluster.forgetRequests();

        // an unrelated change in a watched namespace triggers a reconcile over unchanged input
        client.services().inNamespace("apps").withName("svc")
                .edit(s -> { s.getMetadata().setLabels(java.util.Map.of("touched", "yes")); return s; });
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.counter("sluice_operator_reconciles") > settled);
        double after = awaitStable("sluice_operator_reconciles");

        assertThat(after - settled).as("reconciles caused by one unrelated change").isBetween(1.0, 2.0);
        assertThat(cluster.counter("sluice_operator_routing_writes")).isEqualTo(configWrites);
        assertThat(cluster.counter("sluice_operator_status_writes")).isEqualTo(statusWrites);
        assertThat(cluster.writesSinceForgotten()).as("writes seen by the API server: only the test's own edit")
                .containsExactly("PATCH /api/v1/namespaces/apps/services/svc");
        assertThat(cluster.backend("apps", "b").getStatus()).isEqualTo(before.getStatus());
    }

    @Test
    void aHandEditedConfigMapIsPutBack() {
        cluster.create(endpointBackend("apps", "b", "grpc://b:1"));
        awaitRouting("\"name\": \"apps.b\"");
        String rendered = cluster.routing();
        client.configMaps().inNamespace(MockCluster.RELEASE_NAMESPACE).withName(MockCluster.RELEASE.configMapName())
                .edit(cm -> new ConfigMapBuilder(cm).addToData(ReleaseSettings.ROUTING_KEY, "{}").build());
        await().atMost(Duration.ofSeconds(10)).until(() -> rendered.equals(cluster.routing()));
    }

    private static StreamBackend connectBackend(String namespace, String name) {
        return backend(namespace, name, s -> {
            s.setEndpoint("grpc://" + name + ":1");
            s.setConnect(new ConnectSpec(true, false));
        });
    }

    /** The API server stamps creation times to the second; age decides conflicts. */
    private static void sleepPastCreationSecond() {
        try {
            Thread.sleep(1100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until a counter has not moved for a second, and returns its value. */
    private static double awaitStable(String counter) throws InterruptedException {
        double last = -1;
        double now = cluster.counter(counter);
        while (now != last) {
            last = now;
            Thread.sleep(1000);
            now = cluster.counter(counter);
        }
        return now;
    }
}
