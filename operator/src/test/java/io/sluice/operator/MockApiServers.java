package io.sluice.operator;

import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;

/** What every mock API server the operator tests use needs: the committed CRDs and an RBAC answer. */
public final class MockApiServers {
    private MockApiServers() {
    }

    /**
     * A mock API server in CRUD mode (it stores what it is sent and serves lists and watches from that)
     * that also answers the expectations set on it, over plain HTTP on a free loopback port. Call
     * {@code init()} to start it and {@code destroy()} to stop it.
     */
    public static KubernetesMockServer crud() {
        Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
        return new KubernetesMockServer(new Context(), new MockWebServer(), expectations,
                new KubernetesMixedDispatcher(expectations), false);
    }

    /** Installs the CRDs from crds/, as the first step of docs/kubernetes.md does. */
    public static void installCrds(KubernetesClient client) throws IOException {
        installCrds(client, Path.of(System.getProperty("sluice.crds.dir", "../crds")));
    }

    public static void installCrds(KubernetesClient client, Path dir) throws IOException {
        for (String crd : List.of("streambackends.sluice.io-v1.yml", "proxystreamnamespaces.sluice.io-v1.yml")) {
            try (var in = new FileInputStream(dir.resolve(crd).toFile())) {
                client.apiextensions().v1().customResourceDefinitions().load(in).create();
            }
        }
    }

    /**
     * Leader election first asks the API server (SelfSubjectRulesReview) whether it may use Leases. The
     * mock server has no RBAC, so it gets the answer a correctly bound service account gets.
     */
    public static void allowLeases(KubernetesMockServer server) {
        server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
                .andReturn(201, new SelfSubjectRulesReviewBuilder()
                        .withNewMetadata().endMetadata()
                        .withNewStatus()
                        .addNewResourceRule()
                        .withApiGroups("coordination.k8s.io")
                        .withResources("leases")
                        .withVerbs("get", "create", "update")
                        .endResourceRule()
                        .withIncomplete(false)
                        .endStatus()
                        .build())
                .always();
    }
}
