package io.sluice.helm;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The permissions a chart grants to one service account, evaluated the way Kubernetes' RBAC
 * authorizer does for the rules the chart uses: group, resource (with subresource), verb, and
 * resourceNames when a rule names objects. Only RBAC objects and bindings the chart renders count.
 */
final class Rbac {
    /** One rule of a Role (namespace set) or of a cluster-wide binding (namespace "*"). */
    record Grant(String namespace, String group, String resource, String verb, String name) implements Comparable<Grant> {
        @Override
        public int compareTo(Grant other) {
            return toString().compareTo(other.toString());
        }

        @Override
        public String toString() {
            return namespace + " " + (group.isEmpty() ? "core" : group) + "/" + resource + " " + verb
                    + (name == null ? "" : " [" + name + "]");
        }
    }

    /** A request as the authorizer sees it; {@code name} is null for collections and creates. */
    record Access(String namespace, String group, String resource, String verb, String name) {
        @Override
        public String toString() {
            return verb + " " + (group.isEmpty() ? "core" : group) + "/" + resource
                    + (name == null ? "" : "/" + name) + " in " + namespace;
        }
    }

    private final List<Grant> grants;

    private Rbac(List<Grant> grants) {
        this.grants = List.copyOf(grants);
    }

    static Rbac of(Chart.Rendered rendered, String serviceAccount, String serviceAccountNamespace) {
        List<Grant> grants = new ArrayList<>();
        for (RoleBinding binding : rendered.all(RoleBinding.class)) {
            if (!bindsTo(binding.getSubjects(), serviceAccount, serviceAccountNamespace)) {
                continue;
            }
            String namespace = binding.getMetadata().getNamespace();
            List<PolicyRule> rules = switch (binding.getRoleRef().getKind()) {
                case "Role" -> rendered.all(Role.class).stream()
                        .filter(r -> r.getMetadata().getName().equals(binding.getRoleRef().getName()))
                        .filter(r -> r.getMetadata().getNamespace().equals(namespace))
                        .findFirst().orElseThrow(() -> new AssertionError("RoleBinding " + binding.getMetadata()
                                .getName() + " refers to a Role the chart does not render"))
                        .getRules();
                case "ClusterRole" -> clusterRole(rendered, binding.getRoleRef().getName()).getRules();
                default -> throw new AssertionError("unknown roleRef kind " + binding.getRoleRef().getKind());
            };
            expand(namespace, rules, grants);
        }
        for (ClusterRoleBinding binding : rendered.all(ClusterRoleBinding.class)) {
            if (bindsTo(binding.getSubjects(), serviceAccount, serviceAccountNamespace)) {
                expand("*", clusterRole(rendered, binding.getRoleRef().getName()).getRules(), grants);
            }
        }
        return new Rbac(grants);
    }

    private static ClusterRole clusterRole(Chart.Rendered rendered, String name) {
        return rendered.all(ClusterRole.class).stream().filter(r -> r.getMetadata().getName().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("binding refers to ClusterRole " + name
                        + ", which the chart does not render"));
    }

    private static boolean bindsTo(List<Subject> subjects, String serviceAccount, String namespace) {
        return subjects != null && subjects.stream().anyMatch(s -> "ServiceAccount".equals(s.getKind())
                && serviceAccount.equals(s.getName()) && namespace.equals(s.getNamespace()));
    }

    private static void expand(String namespace, List<PolicyRule> rules, List<Grant> into) {
        for (PolicyRule rule : rules) {
            if (rule.getNonResourceURLs() != null && !rule.getNonResourceURLs().isEmpty()) {
                throw new AssertionError("the operator needs no non-resource URLs: " + rule);
            }
            List<String> names = rule.getResourceNames() == null || rule.getResourceNames().isEmpty()
                    ? java.util.Collections.singletonList(null) : rule.getResourceNames();
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String verb : rule.getVerbs()) {
                        for (String name : names) {
                            into.add(new Grant(namespace, group, resource, verb, name));
                        }
                    }
                }
            }
        }
    }

    /** Every grant, sorted, for comparing with an expected list. */
    Set<Grant> grants() {
        return new TreeSet<>(grants);
    }

    boolean allows(Access access) {
        return grants.stream().anyMatch(g -> matches(g, access));
    }

    static boolean matches(Grant grant, Access access) {
        return (grant.namespace().equals("*") || grant.namespace().equals(access.namespace()))
                && (grant.group().equals("*") || grant.group().equals(access.group()))
                && (grant.resource().equals("*") || grant.resource().equals(access.resource()))
                && (grant.verb().equals("*") || grant.verb().equals(access.verb()))
                && (grant.name() == null || grant.name().equals(access.name()));
    }
}
