package io.sluice.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.sluice.helm.Rbac.Grant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The operator's RBAC is exactly what its code calls (HelmOperatorRbacIT checks the same against the
 * requests the running operator makes):
 * <ul>
 * <li>release namespace: ConfigMap informer (list, watch), RoutingBootstrap (get, create, patch to add
 * its label to a hand-made one), ConfigMapWriter (get, update); EventRecorder (create) for
 * RoutingUpdated on the ConfigMap; the leader-election Lease (fabric8's LeaderElector gets, creates and
 * patches it; JOSDK checks at startup that it may get, create and update it, and refuses to start
 * otherwise);</li>
 * <li>each watched namespace: StreamBackend and ProxyStreamNamespace informers (list, watch),
 * StatusWriter (get, then update on /status), Service informer (list, watch), Events (create).</li>
 * </ul>
 */
class OperatorRbacTest {
    private static final String SERVICE_ACCOUNT = "demo-operator";

    @Test
    void namespacedByDefaultAndExactlyWhatTheOperatorCalls() {
        Chart.Rendered chart = Chart.defaults();

        assertThat(Rbac.of(chart, SERVICE_ACCOUNT, Chart.NAMESPACE).grants())
                .containsExactlyElementsOf(expected(List.of(Chart.NAMESPACE), true));
        assertThat(chart.all(ClusterRole.class)).isEmpty();
        assertThat(chart.all(ClusterRoleBinding.class)).isEmpty();
    }

    @Test
    void aRoleInEachWatchedNamespace() {
        Chart.Rendered chart = Chart.production();

        assertThat(Rbac.of(chart, SERVICE_ACCOUNT, Chart.NAMESPACE).grants())
                .containsExactlyElementsOf(expected(List.of("apps", "payments"), true));
        assertThat(chart.all(Role.class)).extracting(r -> r.getMetadata().getNamespace() + "/" + r.getMetadata().getName())
                .containsExactlyInAnyOrder("streaming/demo-operator", "apps/demo-operator-watch",
                        "payments/demo-operator-watch");
        assertThat(chart.all(RoleBinding.class)).allSatisfy(b -> assertThat(b.getSubjects())
                .singleElement().satisfies(s -> {
                    assertThat(s.getName()).isEqualTo(SERVICE_ACCOUNT);
                    assertThat(s.getNamespace()).isEqualTo(Chart.NAMESPACE);
                }));
    }

    @Test
    void clusterScopeGrantsTheWatchRulesEverywhereAndKeepsTheReleaseRulesNamespaced() {
        Chart.Rendered chart = Chart.with("operator.rbac.scope", "cluster", "operator.watchNamespaces[0]", "apps");

        Set<Grant> expected = new TreeSet<>(releaseNamespaceGrants(true));
        expected.addAll(watchGrants("*"));
        assertThat(Rbac.of(chart, SERVICE_ACCOUNT, Chart.NAMESPACE).grants()).containsExactlyElementsOf(expected);
        assertThat(chart.all(ClusterRole.class)).extracting(r -> r.getMetadata().getName())
                .containsExactly("streaming-demo-operator");
        assertThat(chart.all(Role.class)).extracting(r -> r.getMetadata().getName()).containsExactly("demo-operator");
    }

    @Test
    void noLeaseRightsWithoutLeaderElection() {
        Chart.Rendered chart = Chart.with("operator.leaderElection", "false");

        assertThat(Rbac.of(chart, SERVICE_ACCOUNT, Chart.NAMESPACE).grants())
                .containsExactlyElementsOf(expected(List.of(Chart.NAMESPACE), false));
    }

    @Test
    void nothingForTheOperatorWhenItIsDisabled() {
        Chart.Rendered chart = Chart.with("operator.enabled", "false");

        assertThat(chart.names()).noneMatch(n -> n.contains("operator"));
        assertThat(chart.all(Role.class)).isEmpty();
        assertThat(chart.all(RoleBinding.class)).isEmpty();
    }

    static Set<Grant> expected(List<String> watched, boolean leaderElection) {
        Set<Grant> grants = new TreeSet<>(releaseNamespaceGrants(leaderElection));
        watched.forEach(ns -> grants.addAll(watchGrants(ns)));
        return grants;
    }

    private static List<Grant> releaseNamespaceGrants(boolean leaderElection) {
        String ns = Chart.NAMESPACE;
        List<Grant> grants = new ArrayList<>(List.of(
                new Grant(ns, "", "configmaps", "list", null),
                new Grant(ns, "", "configmaps", "watch", null),
                new Grant(ns, "", "configmaps", "create", null),
                new Grant(ns, "", "configmaps", "get", "demo-routing"),
                new Grant(ns, "", "configmaps", "update", "demo-routing"),
                new Grant(ns, "", "configmaps", "patch", "demo-routing"),
                new Grant(ns, "", "events", "get", null),
                new Grant(ns, "", "events", "create", null),
                new Grant(ns, "", "events", "update", null)));
        if (leaderElection) {
            grants.add(new Grant(ns, "coordination.k8s.io", "leases", "create", null));
            grants.add(new Grant(ns, "coordination.k8s.io", "leases", "get", "demo-operator"));
            grants.add(new Grant(ns, "coordination.k8s.io", "leases", "update", "demo-operator"));
            grants.add(new Grant(ns, "coordination.k8s.io", "leases", "patch", "demo-operator"));
        }
        return grants;
    }

    private static List<Grant> watchGrants(String ns) {
        List<Grant> grants = new ArrayList<>();
        for (String resource : List.of("streambackends", "proxystreamnamespaces")) {
            for (String verb : List.of("get", "list", "watch")) {
                grants.add(new Grant(ns, "sluice.io", resource, verb, null));
            }
            grants.add(new Grant(ns, "sluice.io", resource + "/status", "update", null));
        }
        grants.add(new Grant(ns, "", "services", "list", null));
        grants.add(new Grant(ns, "", "services", "watch", null));
        grants.add(new Grant(ns, "", "events", "get", null));
        grants.add(new Grant(ns, "", "events", "create", null));
        grants.add(new Grant(ns, "", "events", "update", null));
        return grants;
    }
}
