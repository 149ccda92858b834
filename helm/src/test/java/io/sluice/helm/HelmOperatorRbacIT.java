package io.sluice.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.sluice.helm.Rbac.Access;
import io.sluice.helm.Rbac.Grant;
import io.sluice.operator.MockApiServers;
import io.sluice.operator.OperatorProcess;
import io.sluice.operator.crd.StreamBackend;
import io.sluice.operator.model.ReleaseSettings;
import io.sluice.operator.reconciler.ReleaseConfigMap;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's packaged jar, started with exactly the environment the chart's operator Deployment
 * gives it (production values: release "demo" in "streaming", watching "apps" and "payments"), runs a
 * scenario that takes every code path that talks to the API server, against fabric8's mock API server
 * (which enforces no RBAC). Every request it made is then checked against the Roles the chart
 * renders, and every permission those Roles grant must have been used: the RBAC is exactly what the
 * operator needs, in both RBAC scopes.
 */
class HelmOperatorRbacIT {
    /** Tells the operator's requests from the test's own. */
    private static final String OPERATOR_TOKEN = "operator-service-account-token";
    private static final String RELEASE_NS = Chart.NAMESPACE;

    private final KubernetesMockServer server = MockApiServers.crud();
    private KubernetesClient client;
    private OperatorProcess operator;

    @TempDir
    Path home;

    @BeforeEach
    void startApiServer() throws IOException {
        server.init();
        client = server.createClient();
        MockApiServers.installCrds(client, Chart.DIR.resolve("crds"));
        MockApiServers.allowLeases(server);
    }

    @AfterEach
    void stop() throws InterruptedException {
        stopOperator();
        client.close();
        server.destroy();
    }

    @Test
    void theOperatorUsesExactlyThePermissionsTheChartGrants() throws Exception {
        Chart.Rendered chart = Chart.production();
        Map<String, String> env = new HashMap<>(RoutingWiringTest.environment(chart.one(Deployment.class, "demo-operator")
                .getSpec().getTemplate().getSpec().getContainers().get(0)));
        String routing = new ReleaseSettings(env.get("SLUICE_RELEASE"), RELEASE_NS, null, null, null).configMapName();

        // a routing ConfigMap made by hand (no label): the operator adopts it with a patch
        client.resource(new ConfigMapBuilder().withNewMetadata().withName(routing).withNamespace(RELEASE_NS)
                .endMetadata().addToData(ReleaseSettings.ROUTING_KEY, ReleaseConfigMap.EMPTY_ROUTING).build()).create();

        int probePort = freePort();
        env.put("SLUICE_PROBE_PORT", String.valueOf(probePort)); // the chart's 8081 may be taken on this machine
        env.put("SLUICE_CONFIGMAP_CHECK_SECONDS", "1"); // the chart's 30 s, shortened for the deletion below
        env.put("HOSTNAME", "demo-operator-0"); // the leader-election identity, as in a pod
        operator = OperatorProcess.start(home, server, OPERATOR_TOKEN, RELEASE_NS, env);
        operator.awaitHealthy(probePort, Duration.ofSeconds(60));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(client.configMaps().inNamespace(RELEASE_NS)
                .withName(routing).get().getMetadata().getLabels()).as(operator.log()).containsKey(ReleaseConfigMap.RELEASE_LABEL));

        // both kinds in both watched namespaces, one backend behind a Service
        client.resource(streamBackend("apps", "chat", "endpoint: grpc://chat.example.com:9000")).create();
        client.resource(proxyStreamNamespace("apps", "chat", "chat")).create();
        client.resource(headlessService("payments", "ledger-grpc")).create();
        client.resource(streamBackend("payments", "ledger", "service: {name: ledger-grpc, port: 9000}")).create();
        client.resource(proxyStreamNamespace("payments", "ledger", "ledger")).create();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(routingJson(routing)).as(operator.log()).contains("\"apps.chat\"", "\"payments.ledger\"");
            assertThat(ready("apps", "chat")).isEqualTo("True");
            assertThat(ready("payments", "ledger")).isEqualTo("True");
        });

        // a backend and a Service gone and back: Ready flips, and each (resource, reason) Event is counted up
        client.resources(StreamBackend.class).inNamespace("apps").withName("chat").delete();
        client.services().inNamespace("payments").withName("ledger-grpc").delete();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(ready("apps", "chat")).as(operator.log()).isEqualTo("False");
            assertThat(ready("payments", "ledger")).isEqualTo("False");
        });
        client.resource(streamBackend("apps", "chat", "endpoint: grpc://chat.example.com:9000")).create();
        client.resource(headlessService("payments", "ledger-grpc")).create();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(ready("apps", "chat")).as(operator.log()).isEqualTo("True");
            assertThat(ready("payments", "ledger")).isEqualTo("True");
        });

        // deleted by hand: the operator creates it again
        client.configMaps().inNamespace(RELEASE_NS).withName(routing).delete();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(routingJson(routing)).as(operator.log())
                .contains("\"payments.ledger\""));

        // the leader renews its Lease
        String lease = env.get("SLUICE_RELEASE") + "-operator";
        String firstRenew = client.leases().inNamespace(RELEASE_NS).withName(lease).get().getSpec().getRenewTime().toString();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(client.leases().inNamespace(RELEASE_NS)
                .withName(lease).get().getSpec().getRenewTime().toString()).isNotEqualTo(firstRenew));

        stopOperator();
        assertThat(operator.logProblems()).as(operator.log()).isEmpty();
        List<Access> accesses = operatorRequests();
        assertThat(accesses).as("requests made with the operator's credentials").hasSizeGreaterThan(20);

        for (Chart.Rendered rendering : List.of(chart, Chart.render(List.of("production-values.yaml"),
                Map.of("operator.rbac.scope", "cluster")))) {
            Rbac rbac = Rbac.of(rendering, "demo-operator", RELEASE_NS);
            assertThat(accesses).as("every request the operator made is allowed").allMatch(rbac::allows);
            Set<Grant> unused = new LinkedHashSet<>();
            for (Grant grant : rbac.grants()) {
                if (grant.equals(new Grant(RELEASE_NS, "coordination.k8s.io", "leases", "update", lease))) {
                    continue; // never sent (renewals are patches), but JOSDK refuses to start without it
                }
                if (accesses.stream().noneMatch(a -> Rbac.matches(grant, a))) {
                    unused.add(grant);
                }
            }
            assertThat(unused).as("permissions granted but never used; requests were:\n" + accesses).isEmpty();
        }
    }

    private static final Pattern RESOURCE_PATH = Pattern.compile(
            "^/(?:api/v1|apis/(?<group>[^/]+)/[^/]+)(?:/namespaces/(?<ns>[^/]+))?/(?<resource>[^/]+)"
                    + "(?:/(?<name>[^/]+)(?:/(?<sub>[^/]+))?)?$");

    /**
     * The operator's requests as the RBAC authorizer sees them. Two kinds are left out because every
     * authenticated account may make them by Kubernetes' default ClusterRoles: the SelfSubjectRulesReview
     * leader election asks first (system:basic-user) and API discovery (system:discovery).
     */
    private List<Access> operatorRequests() throws InterruptedException {
        List<Access> accesses = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        RecordedRequest request;
        while ((request = server.takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
            if (!("Bearer " + OPERATOR_TOKEN).equals(request.getHeader("Authorization"))) {
                continue;
            }
            URI uri = URI.create(request.getPath());
            seen.add(request.getMethod() + " " + request.getPath());
            if (uri.getPath().equals("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
                    || uri.getPath().equals("/version") || uri.getPath().matches("/apis?(/[^/]+(/[^/]+)?)?")) {
                continue;
            }
            Matcher m = RESOURCE_PATH.matcher(uri.getPath());
            assertThat(m.matches()).as("a resource request: " + request.getPath()).isTrue();
            assertThat(m.group("ns")).as("only namespaced requests: " + request.getPath()).isNotNull();
            String query = uri.getQuery() == null ? "" : uri.getQuery();
            String resource = m.group("resource") + (m.group("sub") == null ? "" : "/" + m.group("sub"));
            String verb = switch (request.getMethod()) {
                case "GET" -> m.group("name") != null ? "get"
                        : Stream.of(query.split("&")).anyMatch(p -> p.equals("watch=true") || p.equals("watch=1"))
                        ? "watch" : "list";
                case "POST" -> "create";
                case "PUT" -> "update";
                case "PATCH" -> "patch";
                case "DELETE" -> m.group("name") != null ? "delete" : "deletecollection";
                default -> throw new AssertionError("unexpected method " + request.getMethod());
            };
            accesses.add(new Access(m.group("ns"), m.group("group") == null ? "" : m.group("group"), resource, verb,
                    m.group("name")));
        }
        assertThat(seen).as("the operator's requests carry its token").isNotEmpty();
        return accesses;
    }

    private void stopOperator() throws InterruptedException {
        if (operator != null) {
            operator.close();
        }
    }

    private String routingJson(String name) {
        ConfigMap configMap = client.configMaps().inNamespace(RELEASE_NS).withName(name).get();
        return configMap == null || configMap.getData() == null ? "" : configMap.getData().get(ReleaseSettings.ROUTING_KEY);
    }

    @SuppressWarnings("unchecked")
    private String ready(String namespace, String name) {
        GenericKubernetesResource psn = client.genericKubernetesResources("sluice.io/v1alpha1", "ProxyStreamNamespace")
                .inNamespace(namespace).withName(name).get();
        Map<String, Object> status = psn == null ? null : (Map<String, Object>) psn.getAdditionalProperties().get("status");
        if (status == null) {
            return null;
        }
        return ((List<Map<String, Object>>) status.get("conditions")).stream()
                .filter(c -> "Ready".equals(c.get("type"))).map(c -> (String) c.get("status")).findFirst().orElse(null);
    }

    private static String streamBackend(String namespace, String name, String target) {
        return """
                apiVersion: sluice.io/v1alpha1
                kind: StreamBackend
                metadata: {name: %s, namespace: %s}
                spec:
                  %s
                """.formatted(name, namespace, target);
    }

    private static String proxyStreamNamespace(String namespace, String name, String backend) {
        return """
                apiVersion: sluice.io/v1alpha1
                kind: ProxyStreamNamespace
                metadata: {name: %s, namespace: %s}
                spec:
                  backendRef: {name: %s}
                """.formatted(name, namespace, backend);
    }

    private static String headlessService(String namespace, String name) {
        return """
                apiVersion: v1
                kind: Service
                metadata: {name: %s, namespace: %s}
                spec:
                  clusterIP: None
                  ports: [{port: 9000}]
                """.formatted(name, namespace);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
