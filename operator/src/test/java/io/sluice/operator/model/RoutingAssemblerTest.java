package io.sluice.operator.model;

import static io.sluice.operator.Fixtures.RELEASE;
import static io.sluice.operator.Fixtures.backend;
import static io.sluice.operator.Fixtures.clusterIpService;
import static io.sluice.operator.Fixtures.createdAt;
import static io.sluice.operator.Fixtures.endpointBackend;
import static io.sluice.operator.Fixtures.headlessService;
import static io.sluice.operator.Fixtures.namedTargetPort;
import static io.sluice.operator.Fixtures.namespace;
import static io.sluice.operator.Fixtures.port;
import static io.sluice.operator.Fixtures.serviceBackend;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.sluice.operator.crd.ConnectSpec;
import io.sluice.operator.crd.ProxyStreamNamespace;
import io.sluice.operator.crd.ServiceReference;
import io.sluice.operator.crd.StreamBackend;
import io.sluice.operator.crd.TlsSpec;
import io.sluice.operator.reconciler.ReleaseConfigMap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RoutingAssemblerTest {

    static Assembly assemble(List<StreamBackend> backends, List<ProxyStreamNamespace> namespaces,
                             List<Service> services) {
        return assemble(backends, namespaces, services, RELEASE);
    }

    static Assembly assemble(List<StreamBackend> backends, List<ProxyStreamNamespace> namespaces,
                             List<Service> services, ReleaseSettings release) {
        return RoutingAssembler.assemble(backends, namespaces, services.stream().map(ServiceSummary::of).toList(),
                release);
    }

    static Verdict condition(Outcome outcome, String type) {
        return outcome.condition(type);
    }

    static ResourceKey key(String namespace, String name) {
        return new ResourceKey(namespace, name);
    }

    @Test
    void nothingToRouteRendersTheEmptyRoutingTheBootstrapWrites() {
        Assembly assembly = assemble(List.of(), List.of(), List.of());
        assertThat(assembly.routingJson()).isEqualTo(ReleaseConfigMap.EMPTY_ROUTING);
        assertThat(assembly.backends()).isEmpty();
        assertThat(assembly.namespaces()).isEmpty();
    }

    @Test
    void rendersTheExactRoutingFileShape() {
        StreamBackend prices = backend("apps", "prices", spec -> {
            spec.setService(new ServiceReference("prices", 9000));
            spec.setContract("CentrifugoProxy");
            spec.setTimeout("2500ms");
            spec.setTls(new TlsSpec("prices-ca", "prices.internal"));
            spec.setGrpcMetadata(Map.of("X-Team", "quotes", "a-first", "1"));
            spec.setForwardHttpHeaders(List.of("Authorization", "X-Tenant"));
            spec.setIncludeConnectionMeta(true);
            spec.setConnections(4);
        });
        StreamBackend sessions = backend("apps", "sessions", spec -> {
            spec.setEndpoint("grpc://sessions.example.com:7000");
            spec.setConnect(new ConnectSpec(true, true));
        });
        Assembly assembly = assemble(List.of(prices, sessions),
                List.of(namespace("apps", "prices", "prices", spec -> {
                    spec.setBidirectional(true);
                    spec.setPresence(true);
                    spec.setJoinLeave(false);
                }), namespace("apps", "logs", "sessions")),
                List.of(headlessService("apps", "prices", port(9000, 9100))));
        assertThat(assembly.routingJson()).isEqualTo("""
                {
                  "stream_backends": [
                    {
                      "name": "apps.prices",
                      "endpoint": "dns:///prices.apps.svc.cluster.local:9100",
                      "contract": "CentrifugoProxy",
                      "timeout": "2500ms",
                      "tls": true,
                      "tls_cert_file": "/etc/sluice/backend-tls/prices-ca/ca.crt",
                      "tls_server_name": "prices.internal",
                      "grpc_metadata": {
                        "a-first": "1",
                        "x-team": "quotes"
                      },
                      "http_headers": [
                        "authorization",
                        "x-tenant"
                      ],
                      "include_connection_meta": true,
                      "connections": 4
                    },
                    {
                      "name": "apps.sessions",
                      "endpoint": "grpc://sessions.example.com:7000",
                      "contract": "CentrifugoProxyStream",
                      "timeout": "1s",
                      "tls": false,
                      "grpc_metadata": {},
                      "http_headers": [],
                      "include_connection_meta": false,
                      "connections": 2
                    }
                  ],
                  "namespaces": [
                    {
                      "name": "logs",
                      "proxy_stream_subscribe_backend": "apps.sessions",
                      "proxy_stream_subscribe_bidirectional": false
                    },
                    {
                      "name": "prices",
                      "proxy_stream_subscribe_backend": "apps.prices",
                      "proxy_stream_subscribe_bidirectional": true,
                      "presence": true,
                      "join_leave": false
                    }
                  ],
                  "proxy_stream_connect_backend": "apps.sessions",
                  "proxy_stream_connect_bidirectional": true
                }
                """);
    }

    @Nested
    class Backends {
        @Test
        void endpointBackendIsRoutedWithTheCrdDefaults() {
            Assembly assembly = assemble(List.of(endpointBackend("apps", "b", "grpc://10.1.2.3:9000")), List.of(),
                    List.of());
            assertThat(assembly.routing().backends()).containsExactly(new RoutingConfig.Backend("apps.b",
                    "grpc://10.1.2.3:9000", "CentrifugoProxyStream", Duration.ofSeconds(1), false, null, null,
                    new java.util.TreeMap<>(), List.of(), false, 2));
            Outcome outcome = assembly.backend(key("apps", "b"));
            assertThat(condition(outcome, Verdict.READY)).isEqualTo(Verdict.isTrue(Verdict.READY, Reasons.ROUTED,
                    "routed as 'apps.b' to grpc://10.1.2.3:9000 in ConfigMap sluice/demo-routing"));
            assertThat(condition(outcome, Verdict.BACKEND_RESOLVED).reason()).isEqualTo(Reasons.ENDPOINT_SET);
            assertThat(condition(outcome, Verdict.CONFLICT).status()).isFalse();
            assertThat(outcome.endpoint()).isEqualTo("grpc://10.1.2.3:9000");
            assertThat(outcome.routingName()).isEqualTo("apps.b");
        }

        @Test
        void clusterIpServiceIsDialledThroughItsVirtualIp() {
            Assembly assembly = assemble(List.of(serviceBackend("apps", "b", "svc", 9000)), List.of(),
                    List.of(clusterIpService("apps", "svc", 9000)));
            assertThat(assembly.backend(key("apps", "b")).endpoint())
                    .isEqualTo("grpc://svc.apps.svc.cluster.local:9000");
            assertThat(condition(assembly.backend(key("apps", "b")), Verdict.BACKEND_RESOLVED))
                    .isEqualTo(Verdict.isTrue(Verdict.BACKEND_RESOLVED, Reasons.SERVICE_RESOLVED,
                            "Service 'svc' as grpc://svc.apps.svc.cluster.local:9000"));
        }

        @Test
        void headlessServiceIsDialledOnEveryPodAtTheNumericTargetPort() {
            Assembly assembly = assemble(List.of(serviceBackend("apps", "b", "svc", 80)), List.of(),
                    List.of(headlessService("apps", "svc", port(80, 9090))));
            assertThat(assembly.backend(key("apps", "b")).endpoint())
                    .isEqualTo("dns:///svc.apps.svc.cluster.local:9090");
        }

        @Test
        void headlessServiceWithANamedTargetPortUsesTheServicePort() {
            Assembly assembly = assemble(List.of(serviceBackend("apps", "b", "svc", 9000)), List.of(),
                    List.of(headlessService("apps", "svc", namedTargetPort(9000, "grpc"))));
            assertThat(assembly.backend(key("apps", "b")).endpoint())
                    .isEqualTo("dns:///svc.apps.svc.cluster.local:9000");
        }

        @Test
        void headlessServiceWithoutPortsUsesTheGivenPort() {
            Assembly assembly = assemble(List.of(serviceBackend("apps", "b", "svc", 7000)), List.of(),
                    List.of(headlessService("apps", "svc")));
            assertThat(assembly.backend(key("apps", "b")).endpoint())
                    .isEqualTo("dns:///svc.apps.svc.cluster.local:7000");
        }

        @Test
        void clusterDomainComesFromTheRelease() {
            ReleaseSettings release = new ReleaseSettings("demo", "sluice", "corp.internal", "/tls", null);
            Assembly assembly = assemble(List.of(serviceBackend("apps", "b", "svc", 9000)), List.of(),
                    List.of(clusterIpService("apps", "svc", 9000)), release);
            assertThat(assembly.backend(key("apps", "b")).endpoint())
                    .isEqualTo("grpc://svc.apps.svc.corp.internal:9000");
        }

        @Test
        void missingServiceIsNamedAndTheBackendLeftOut() {
            Assembly assembly = assemble(List.of(serviceBackend("apps", "b", "svc", 9000)), List.of(),
                    List.of(clusterIpService("other", "svc", 9000)));
            Outcome outcome = assembly.backend(key("apps", "b"));
            Verdict expected = Verdict.isFalse(Verdict.BACKEND_RESOLVED, Reasons.SERVICE_NOT_FOUND,
                    "Service 'svc' (spec.service.name) not found in namespace 'apps'");
            assertThat(condition(outcome, Verdict.BACKEND_RESOLVED)).isEqualTo(expected);
            assertThat(condition(outcome, Verdict.READY)).isEqualTo(
                    Verdict.isFalse(Verdict.READY, Reasons.SERVICE_NOT_FOUND, expected.message()));
            assertThat(outcome.routingName()).isNull();
            assertThat(outcome.endpoint()).isNull();
            assertThat(assembly.routing().backends()).isEmpty();
        }

        @Test
        void servicePortThatTheServiceDoesNotExposeIsNamed() {
            Assembly assembly = assemble(List.of(serviceBackend("apps", "b", "svc", 9000)), List.of(),
                    List.of(clusterIpService("apps", "svc", 8080)));
            Verdict resolved = condition(assembly.backend(key("apps", "b")), Verdict.BACKEND_RESOLVED);
            assertThat(resolved.status()).isFalse();
            assertThat(resolved.reason()).isEqualTo(Reasons.SERVICE_PORT_NOT_FOUND);
            assertThat(resolved.message()).isEqualTo("Service 'svc' has no port 9000 (spec.service.port); it exposes 8080");
            assertThat(assembly.routing().backends()).isEmpty();
        }

        static Stream<Arguments> invalidSpecs() {
            return Stream.of(
                    invalid("both service and endpoint", s -> {
                        s.setService(new ServiceReference("svc", 1));
                        s.setEndpoint("grpc://a:1");
                    }, "spec.endpoint: set exactly one of spec.service and spec.endpoint, not both"),
                    invalid("neither service nor endpoint", s -> {
                    }, "spec.service: set one of spec.service and spec.endpoint"),
                    invalid("http endpoint", s -> s.setEndpoint("http://a:1"),
                            "spec.endpoint: \"http://a:1\" is not a gRPC target"),
                    invalid("endpoint without port", s -> s.setEndpoint("grpc://a"), "spec.endpoint:"),
                    invalid("endpoint port out of range", s -> s.setEndpoint("grpc://a:70000"), "spec.endpoint:"),
                    invalid("service without name", s -> s.setService(new ServiceReference(null, 9000)),
                            "spec.service.name: is missing"),
                    invalid("service name not a DNS label", s -> s.setService(new ServiceReference("Bad_Name", 9000)),
                            "spec.service.name: \"Bad_Name\" is not a Service name"),
                    invalid("service port 0", s -> s.setService(new ServiceReference("svc", 0)),
                            "spec.service.port: must be between 1 and 65535, got 0"),
                    invalid("service without port", s -> s.setService(new ServiceReference("svc", null)),
                            "spec.service.port: is missing"),
                    invalid("unknown contract", s -> withEndpoint(s).setContract("grpc"),
                            "spec.contract: \"grpc\" is not a contract"),
                    invalid("timeout of 5s", s -> withEndpoint(s).setTimeout("5s"),
                            "spec.timeout: \"5s\" must be above 0s and below 5s"),
                    invalid("timeout of a minute", s -> withEndpoint(s).setTimeout("1m"), "spec.timeout:"),
                    invalid("timeout of 0s", s -> withEndpoint(s).setTimeout("0s"), "spec.timeout:"),
                    invalid("timeout without unit", s -> withEndpoint(s).setTimeout("3"),
                            "spec.timeout: \"3\" is not a duration"),
                    invalid("0 connections", s -> withEndpoint(s).setConnections(0),
                            "spec.connections: must be between 1 and 64, got 0"),
                    invalid("65 connections", s -> withEndpoint(s).setConnections(65), "spec.connections:"),
                    invalid("binary metadata key", s -> withEndpoint(s).setGrpcMetadata(Map.of("token-bin", "x")),
                            "spec.grpcMetadata[token-bin]: \"token-bin\" is not an ASCII gRPC metadata key"),
                    invalid("metadata key with a space", s -> withEndpoint(s).setGrpcMetadata(Map.of("a b", "x")),
                            "spec.grpcMetadata[a b]:"),
                    invalid("metadata keys equal but for case",
                            s -> withEndpoint(s).setGrpcMetadata(Map.of("X-A", "1", "x-a", "2")),
                            "is the same key as another one in a different case"),
                    invalid("header name with a space",
                            s -> withEndpoint(s).setForwardHttpHeaders(List.of("Authorization", "X Bad")),
                            "spec.forwardHttpHeaders[1]: \"X Bad\" is not an HTTP header name"),
                    invalid("bad TLS secret name", s -> withEndpoint(s).setTls(new TlsSpec("Bad/Name", null)),
                            "spec.tls.secretName:"),
                    invalid("connection streams on a CentrifugoProxy backend", s -> {
                        withEndpoint(s).setContract("CentrifugoProxy");
                        s.setConnect(new ConnectSpec(true, false));
                    }, "spec.connect.enabled: connection streams need contract CentrifugoProxyStream"));
        }

        private static io.sluice.operator.crd.StreamBackendSpec withEndpoint(io.sluice.operator.crd.StreamBackendSpec s) {
            s.setEndpoint("grpc://a:1");
            return s;
        }

        private static Arguments invalid(String what, Consumer<io.sluice.operator.crd.StreamBackendSpec> spec,
                                         String message) {
            return Arguments.of(what, spec, message);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("invalidSpecs")
        void invalidSpecIsAConditionNamingTheFieldAndTheBackendIsLeftOut(
                String what, Consumer<io.sluice.operator.crd.StreamBackendSpec> spec, String message) {
            Assembly assembly = assemble(List.of(backend("apps", "b", spec)), List.of(),
                    List.of(clusterIpService("apps", "svc", 1)));
            Verdict ready = condition(assembly.backend(key("apps", "b")), Verdict.READY);
            assertThat(ready.status()).isFalse();
            assertThat(ready.reason()).isEqualTo(Reasons.INVALID_SPEC);
            assertThat(ready.message()).contains(message);
            assertThat(assembly.routing().backends()).isEmpty();
            assertThat(assembly.backend(key("apps", "b")).routingName()).isNull();
        }

        @Test
        void locatorProblemsMakeBackendResolvedFalseOthersDoNot() {
            Assembly assembly = assemble(List.of(
                            backend("apps", "no-locator", s -> {
                            }),
                            backend("apps", "bad-timeout", s -> withEndpoint(s).setTimeout("9s"))),
                    List.of(), List.of());
            assertThat(condition(assembly.backend(key("apps", "no-locator")), Verdict.BACKEND_RESOLVED))
                    .isEqualTo(Verdict.isFalse(Verdict.BACKEND_RESOLVED, Reasons.INVALID_SPEC,
                            "spec.service: set one of spec.service and spec.endpoint"));
            assertThat(condition(assembly.backend(key("apps", "bad-timeout")), Verdict.BACKEND_RESOLVED).status())
                    .isTrue();
        }

        @Test
        void everyProblemOfASpecIsListed() {
            Assembly assembly = assemble(List.of(backend("apps", "b", s -> {
                withEndpoint(s).setTimeout("7s");
                s.setConnections(100);
            })), List.of(), List.of());
            assertThat(condition(assembly.backend(key("apps", "b")), Verdict.READY).message())
                    .isEqualTo("spec.timeout: \"7s\" must be above 0s and below 5s: the Centrifugo SDKs give up on a"
                            + " subscribe after 5 s; spec.connections: must be between 1 and 64, got 100");
        }

        @Test
        void missingSpecIsInvalid() {
            StreamBackend bare = endpointBackend("apps", "b", "grpc://a:1");
            bare.setSpec(null);
            Outcome outcome = assemble(List.of(bare), List.of(), List.of()).backend(key("apps", "b"));
            assertThat(condition(outcome, Verdict.READY))
                    .isEqualTo(Verdict.isFalse(Verdict.READY, Reasons.INVALID_SPEC, "spec: is missing"));
        }

        @Test
        void tlsSecretBecomesTheCaFileAtTheMountConvention() {
            Assembly assembly = assemble(List.of(
                    backend("apps", "ca", s -> withEndpoint(s).setTls(new TlsSpec("backend-ca", null))),
                    backend("apps", "system-roots", s -> withEndpoint(s).setTls(new TlsSpec()))), List.of(), List.of());
            Map<String, RoutingConfig.Backend> routed = assembly.routing().backendsByName();
            assertThat(routed.get("apps.ca").tls()).isTrue();
            assertThat(routed.get("apps.ca").tlsCertFile()).isEqualTo("/etc/sluice/backend-tls/backend-ca/ca.crt");
            assertThat(routed.get("apps.system-roots").tls()).isTrue();
            assertThat(routed.get("apps.system-roots").tlsCertFile()).isNull();
        }

        @Test
        void tlsSecretThatTheReleaseDoesNotMountIsNamedWhenTheReleaseListsItsSecrets() {
            ReleaseSettings release = new ReleaseSettings("demo", "sluice", "cluster.local", "/tls", Set.of("ok-ca"));
            Assembly assembly = assemble(List.of(
                    backend("apps", "ok", s -> withEndpoint(s).setTls(new TlsSpec("ok-ca", null))),
                    backend("apps", "missing", s -> withEndpoint(s).setTls(new TlsSpec("other-ca", null)))),
                    List.of(), List.of(), release);
            assertThat(condition(assembly.backend(key("apps", "ok")), Verdict.READY).status()).isTrue();
            Verdict resolved = condition(assembly.backend(key("apps", "missing")), Verdict.BACKEND_RESOLVED);
            assertThat(resolved).isEqualTo(Verdict.isFalse(Verdict.BACKEND_RESOLVED, Reasons.TLS_SECRET_NOT_MOUNTED,
                    "Secret 'other-ca' (spec.tls.secretName) is not mounted into the nodes; mounted: ok-ca (add it to"
                            + " the release's backend TLS Secrets)"));
            assertThat(assembly.routing().backendsByName()).containsOnlyKeys("apps.ok");
        }

        @Test
        void metadataKeysAreLowerCasedAndHeadersToo() {
            RoutingConfig.Backend routed = assemble(List.of(backend("apps", "b", s -> {
                withEndpoint(s).setGrpcMetadata(Map.of("X-Tenant", "acme"));
                s.setForwardHttpHeaders(List.of("Cookie"));
            })), List.of(), List.of()).routing().backends().get(0);
            assertThat(routed.grpcMetadata()).containsExactly(Map.entry("x-tenant", "acme"));
            assertThat(routed.httpHeaders()).containsExactly("cookie");
        }

        @Test
        void equalDurationsRenderEqually() {
            Assembly a = assemble(List.of(backend("apps", "b", s -> withEndpoint(s).setTimeout("1000ms"))),
                    List.of(), List.of());
            Assembly b = assemble(List.of(backend("apps", "b", s -> withEndpoint(s).setTimeout("1s"))),
                    List.of(), List.of());
            assertThat(a.routingJson()).isEqualTo(b.routingJson()).contains("\"timeout\": \"1s\"");
        }

        @Test
        void sameNameInTwoNamespacesGivesTwoBackends() {
            Assembly assembly = assemble(List.of(endpointBackend("team-a", "b", "grpc://a:1"),
                    endpointBackend("team-b", "b", "grpc://b:1")), List.of(), List.of());
            assertThat(assembly.routing().backendsByName()).containsOnlyKeys("team-a.b", "team-b.b");
        }
    }

    @Nested
    class ConnectionStreams {
        private StreamBackend connectBackend(String name, int age, boolean bidirectional) {
            return createdAt(backend("apps", name, s -> {
                s.setEndpoint("grpc://" + name + ":1");
                s.setConnect(new ConnectSpec(true, bidirectional));
            }), age);
        }

        @Test
        void oneConnectBackendIsSelected() {
            Assembly assembly = assemble(List.of(connectBackend("sessions", 0, true)), List.of(), List.of());
            assertThat(assembly.routing().connect()).isEqualTo(new RoutingConfig.Connect("apps.sessions", true));
        }

        @Test
        void connectDisabledSelectsNothing() {
            Assembly assembly = assemble(List.of(backend("apps", "b", s -> {
                s.setEndpoint("grpc://b:1");
                s.setConnect(new ConnectSpec(false, true));
            })), List.of(), List.of());
            assertThat(assembly.routing().connect()).isNull();
            assertThat(assembly.routingJson()).doesNotContain("proxy_stream_connect");
        }

        @Test
        void twoConnectBackendsTheOldestWinsTheOtherReportsConflictAndStillServesSubscriptions() {
            Assembly assembly = assemble(List.of(connectBackend("newer", 10, false), connectBackend("older", 5, true)),
                    List.of(), List.of());
            assertThat(assembly.routing().connect()).isEqualTo(new RoutingConfig.Connect("apps.older", true));
            Outcome newer = assembly.backend(key("apps", "newer"));
            Verdict conflict = condition(newer, Verdict.CONFLICT);
            assertThat(conflict).isEqualTo(Verdict.isTrue(Verdict.CONFLICT, Reasons.CONNECT_BACKEND_TAKEN,
                    "spec.connect.enabled: connection streams are already served by StreamBackend apps/older, which"
                            + " is older; only one StreamBackend per release may enable them"));
            assertThat(condition(newer, Verdict.READY)).isEqualTo(Verdict.isFalse(Verdict.READY,
                    Reasons.CONNECT_BACKEND_TAKEN, conflict.message() + " (the backend still serves subscription"
                            + " streams)"));
            assertThat(newer.routingName()).isEqualTo("apps.newer");
            assertThat(assembly.routing().backendsByName()).containsOnlyKeys("apps.older", "apps.newer");
            assertThat(condition(assembly.backend(key("apps", "older")), Verdict.CONFLICT).status()).isFalse();
        }

        @Test
        void sameAgeIsDecidedByNamespaceAndName() {
            Assembly assembly = assemble(List.of(connectBackend("b", 0, false), connectBackend("a", 0, false)),
                    List.of(), List.of());
            assertThat(assembly.routing().connect().backend()).isEqualTo("apps.a");
        }

        @Test
        void anInvalidOlderClaimantDoesNotBlockAValidOne() {
            StreamBackend invalidOlder = connectBackend("older", 0, false);
            invalidOlder.getSpec().setTimeout("10s");
            Assembly assembly = assemble(List.of(invalidOlder, connectBackend("newer", 5, false)), List.of(),
                    List.of());
            assertThat(assembly.routing().connect().backend()).isEqualTo("apps.newer");
        }

        @Test
        void anUnresolvedOlderClaimantKeepsTheClaimSoAnOutageDoesNotMoveIt() {
            StreamBackend older = createdAt(backend("apps", "older", s -> {
                s.setService(new ServiceReference("gone", 9000));
                s.setConnect(new ConnectSpec(true, false));
            }), 0);
            Assembly assembly = assemble(List.of(older, connectBackend("newer", 5, false)), List.of(), List.of());
            assertThat(assembly.routing().connect()).isNull();
            assertThat(condition(assembly.backend(key("apps", "newer")), Verdict.CONFLICT).status()).isTrue();
        }
    }

    @Nested
    class Namespaces {
        private final StreamBackend backend = endpointBackend("apps", "b", "grpc://b:1");

        @Test
        void routedNamespaceDefaultsItsChannelNamespaceToItsName() {
            Assembly assembly = assemble(List.of(backend), List.of(namespace("apps", "chat", "b")), List.of());
            assertThat(assembly.routing().namespaces()).containsExactly(
                    new RoutingConfig.Namespace("chat", "apps.b", false, null, null, null));
            Outcome outcome = assembly.namespace(key("apps", "chat"));
            assertThat(outcome.channelNamespace()).isEqualTo("chat");
            assertThat(outcome.routingName()).isEqualTo("apps.b");
            assertThat(condition(outcome, Verdict.READY)).isEqualTo(Verdict.isTrue(Verdict.READY, Reasons.ROUTED,
                    "channels 'chat:*' stream from backend 'apps.b'"));
            assertThat(condition(outcome, Verdict.BACKEND_RESOLVED)).isEqualTo(Verdict.isTrue(
                    Verdict.BACKEND_RESOLVED, Reasons.BACKEND_RESOLVED, "StreamBackend 'b' at grpc://b:1"));
            assertThat(condition(outcome, Verdict.CONFLICT).status()).isFalse();
        }

        @Test
        void channelOptionsAreCopiedAndUnsetOnesLeftToTheBaseConfig() {
            Assembly assembly = assemble(List.of(backend), List.of(namespace("apps", "ticker", "b", spec -> {
                spec.setChannelNamespace("prices_v2");
                spec.setBidirectional(true);
                spec.setPresence(false);
                spec.setForcePushJoinLeave(true);
            })), List.of());
            assertThat(assembly.routing().namespaces()).containsExactly(
                    new RoutingConfig.Namespace("prices_v2", "apps.b", true, false, null, true));
            assertThat(assembly.routingJson()).contains("\"presence\": false").contains("\"force_push_join_leave\": true")
                    .doesNotContain("\"join_leave\"");
        }

        @Test
        void missingBackendIsNamed() {
            Assembly assembly = assemble(List.of(endpointBackend("other", "b", "grpc://b:1")),
                    List.of(namespace("apps", "chat", "b")), List.of());
            Outcome outcome = assembly.namespace(key("apps", "chat"));
            Verdict expected = Verdict.isFalse(Verdict.BACKEND_RESOLVED, Reasons.BACKEND_NOT_FOUND,
                    "StreamBackend 'b' (spec.backendRef.name) not found in namespace 'apps'");
            assertThat(condition(outcome, Verdict.BACKEND_RESOLVED)).isEqualTo(expected);
            assertThat(condition(outcome, Verdict.READY))
                    .isEqualTo(Verdict.isFalse(Verdict.READY, Reasons.BACKEND_NOT_FOUND, expected.message()));
            assertThat(assembly.routing().namespaces()).isEmpty();
        }

        @Test
        void backendThatIsNotRoutedPassesItsReasonOn() {
            Assembly assembly = assemble(List.of(serviceBackend("apps", "b", "svc", 9000)),
                    List.of(namespace("apps", "chat", "b")), List.of());
            Verdict resolved = condition(assembly.namespace(key("apps", "chat")), Verdict.BACKEND_RESOLVED);
            assertThat(resolved).isEqualTo(Verdict.isFalse(Verdict.BACKEND_RESOLVED, Reasons.BACKEND_NOT_READY,
                    "StreamBackend 'b' (spec.backendRef.name) is not usable: Service 'svc' (spec.service.name) not"
                            + " found in namespace 'apps'"));
            assertThat(assembly.routing().namespaces()).isEmpty();
        }

        @Test
        void backendWithAConnectConflictStillServesTheNamespace() {
            StreamBackend older = createdAt(backend("apps", "older", s -> {
                s.setEndpoint("grpc://o:1");
                s.setConnect(new ConnectSpec(true, false));
            }), 0);
            StreamBackend newer = createdAt(backend("apps", "newer", s -> {
                s.setEndpoint("grpc://n:1");
                s.setConnect(new ConnectSpec(true, false));
            }), 1);
            Assembly assembly = assemble(List.of(older, newer), List.of(namespace("apps", "chat", "newer")),
                    List.of());
            assertThat(assembly.namespace(key("apps", "chat")).ready()).isTrue();
            assertThat(assembly.routing().namespaces()).extracting(RoutingConfig.Namespace::backend)
                    .containsExactly("apps.newer");
        }

        @Test
        void duplicateChannelNamespaceTheOldestWins() {
            ProxyStreamNamespace older = createdAt(namespace("apps", "chat", "b"), 0);
            ProxyStreamNamespace newer = createdAt(namespace("apps", "chat-copy", "b",
                    spec -> spec.setChannelNamespace("chat")), 30);
            Assembly assembly = assemble(List.of(backend), List.of(newer, older), List.of());
            assertThat(assembly.routing().namespaces()).extracting(RoutingConfig.Namespace::name)
                    .containsExactly("chat");
            assertThat(assembly.namespace(key("apps", "chat")).ready()).isTrue();
            Outcome loser = assembly.namespace(key("apps", "chat-copy"));
            Verdict conflict = Verdict.isTrue(Verdict.CONFLICT, Reasons.DUPLICATE_CHANNEL_NAMESPACE,
                    "spec.channelNamespace: channel namespace 'chat' is already claimed by ProxyStreamNamespace"
                            + " apps/chat, which is older");
            assertThat(condition(loser, Verdict.CONFLICT)).isEqualTo(conflict);
            assertThat(condition(loser, Verdict.READY)).isEqualTo(
                    Verdict.isFalse(Verdict.READY, Reasons.DUPLICATE_CHANNEL_NAMESPACE, conflict.message()));
            assertThat(loser.routingName()).isNull();
        }

        @Test
        void duplicateAcrossKubernetesNamespacesIsAConflictToo() {
            ProxyStreamNamespace first = createdAt(namespace("team-a", "chat", "b"), 0);
            ProxyStreamNamespace second = createdAt(namespace("team-b", "chat", "b"), 1);
            Assembly assembly = assemble(List.of(endpointBackend("team-a", "b", "grpc://a:1"),
                    endpointBackend("team-b", "b", "grpc://b:1")), List.of(second, first), List.of());
            assertThat(assembly.routing().namespaces()).containsExactly(
                    new RoutingConfig.Namespace("chat", "team-a.b", false, null, null, null));
            assertThat(condition(assembly.namespace(key("team-b", "chat")), Verdict.CONFLICT).message())
                    .isEqualTo("metadata.name: channel namespace 'chat' is already claimed by ProxyStreamNamespace"
                            + " team-a/chat, which is older");
        }

        @Test
        void claimStaysWithTheOlderWhileItsBackendIsMissing() {
            ProxyStreamNamespace older = createdAt(namespace("apps", "chat", "gone"), 0);
            ProxyStreamNamespace newer = createdAt(namespace("apps", "chat2", "b",
                    spec -> spec.setChannelNamespace("chat")), 1);
            Assembly assembly = assemble(List.of(backend), List.of(older, newer), List.of());
            assertThat(assembly.routing().namespaces()).isEmpty();
            assertThat(condition(assembly.namespace(key("apps", "chat2")), Verdict.CONFLICT).status()).isTrue();
        }

        @Test
        void invalidDefaultedChannelNamespaceNamesMetadataName() {
            Assembly assembly = assemble(List.of(backend), List.of(namespace("apps", "prices.v1", "b")), List.of());
            Verdict ready = condition(assembly.namespace(key("apps", "prices.v1")), Verdict.READY);
            assertThat(ready).isEqualTo(Verdict.isFalse(Verdict.READY, Reasons.INVALID_SPEC, "metadata.name:"
                    + " \"prices.v1\" is not a channel namespace (it must match ^[-a-zA-Z0-9_]{2,}$); set"
                    + " spec.channelNamespace"));
            assertThat(assembly.routing().namespaces()).isEmpty();
        }

        @Test
        void invalidExplicitChannelNamespaceNamesTheSpecField() {
            Assembly assembly = assemble(List.of(backend), List.of(namespace("apps", "x", "b",
                    spec -> spec.setChannelNamespace("a"))), List.of());
            assertThat(condition(assembly.namespace(key("apps", "x")), Verdict.READY).message())
                    .startsWith("spec.channelNamespace: \"a\" is not a channel namespace");
        }

        @Test
        void anInvalidNamespaceClaimsNothing() {
            ProxyStreamNamespace invalidOlder = createdAt(namespace("apps", "chat", null), 0);
            ProxyStreamNamespace validNewer = createdAt(namespace("apps", "chat2", "b",
                    spec -> spec.setChannelNamespace("chat")), 1);
            Assembly assembly = assemble(List.of(backend), List.of(invalidOlder, validNewer), List.of());
            assertThat(condition(assembly.namespace(key("apps", "chat")), Verdict.READY)).isEqualTo(
                    Verdict.isFalse(Verdict.READY, Reasons.INVALID_SPEC, "spec.backendRef.name: is missing"));
            assertThat(condition(assembly.namespace(key("apps", "chat")), Verdict.BACKEND_RESOLVED).reason())
                    .isEqualTo(Reasons.INVALID_SPEC);
            assertThat(assembly.routing().namespaces()).extracting(RoutingConfig.Namespace::backend)
                    .containsExactly("apps.b");
        }

        @Test
        void missingSpecIsInvalid() {
            ProxyStreamNamespace bare = namespace("apps", "chat", "b");
            bare.setSpec(null);
            Outcome outcome = assemble(List.of(backend), List.of(bare), List.of()).namespace(key("apps", "chat"));
            assertThat(condition(outcome, Verdict.READY))
                    .isEqualTo(Verdict.isFalse(Verdict.READY, Reasons.INVALID_SPEC, "spec: is missing"));
        }
    }

    @Nested
    class Deletion {
        @Test
        void resourcesBeingDeletedAreLeftOutAndGetNoStatus() {
            StreamBackend deleting = endpointBackend("apps", "b", "grpc://b:1");
            deleting.getMetadata().setDeletionTimestamp("2026-01-02T00:00:00Z");
            Assembly assembly = assemble(List.of(deleting), List.of(namespace("apps", "chat", "b")), List.of());
            assertThat(assembly.backends()).doesNotContainKey(key("apps", "b"));
            assertThat(assembly.routing().backends()).isEmpty();
            assertThat(assembly.namespace(key("apps", "chat")).condition(Verdict.BACKEND_RESOLVED).reason())
                    .isEqualTo(Reasons.BACKEND_NOT_FOUND);
        }

        @Test
        void deletingTheOlderClaimantHandsTheChannelNamespaceOver() {
            StreamBackend backend = endpointBackend("apps", "b", "grpc://b:1");
            ProxyStreamNamespace older = createdAt(namespace("apps", "chat", "b"), 0);
            ProxyStreamNamespace newer = createdAt(namespace("apps", "chat2", "b",
                    spec -> spec.setChannelNamespace("chat")), 1);
            assertThat(assemble(List.of(backend), List.of(older, newer), List.of())
                    .namespace(key("apps", "chat2")).ready()).isFalse();
            Assembly after = assemble(List.of(backend), List.of(newer), List.of());
            assertThat(after.namespace(key("apps", "chat2")).ready()).isTrue();
            assertThat(after.routing().namespaces()).hasSize(1);
        }

        @Test
        void deletingTheConnectOwnerHandsConnectionStreamsOver() {
            StreamBackend older = createdAt(backend("apps", "older", s -> {
                s.setEndpoint("grpc://o:1");
                s.setConnect(new ConnectSpec(true, false));
            }), 0);
            StreamBackend newer = createdAt(backend("apps", "newer", s -> {
                s.setEndpoint("grpc://n:1");
                s.setConnect(new ConnectSpec(true, false));
            }), 1);
            assertThat(assemble(List.of(older, newer), List.of(), List.of()).routing().connect().backend())
                    .isEqualTo("apps.older");
            assertThat(assemble(List.of(newer), List.of(), List.of()).routing().connect().backend())
                    .isEqualTo("apps.newer");
        }
    }

    @Test
    void sameResourcesInAnyOrderGiveByteIdenticalRoutingAndStatuses() {
        List<StreamBackend> backends = new ArrayList<>(List.of(
                createdAt(backend("apps", "s1", s -> {
                    s.setEndpoint("grpc://s1:1");
                    s.setConnect(new ConnectSpec(true, false));
                    s.setGrpcMetadata(Map.of("b", "2", "a", "1", "c", "3"));
                }), 3),
                createdAt(backend("apps", "s2", s -> {
                    s.setEndpoint("grpc://s2:1");
                    s.setConnect(new ConnectSpec(true, false));
                }), 3),
                serviceBackend("apps", "svc-backend", "svc", 9000),
                serviceBackend("team-b", "missing", "nope", 9000),
                endpointBackend("team-b", "z", "dns:///z.example:1")));
        List<ProxyStreamNamespace> namespaces = new ArrayList<>(List.of(
                createdAt(namespace("apps", "n1", "s1", spec -> spec.setChannelNamespace("shared")), 2),
                createdAt(namespace("apps", "n2", "s2", spec -> spec.setChannelNamespace("shared")), 2),
                namespace("apps", "n3", "svc-backend"),
                namespace("team-b", "n4", "missing"),
                namespace("team-b", "zz", "z"),
                namespace("team-b", "aa", "z")));
        List<Service> services = new ArrayList<>(List.of(headlessService("apps", "svc", port(9000, 9000)),
                clusterIpService("apps", "unrelated", 1)));
        Assembly first = assemble(backends, namespaces, services);
        Random random = new Random(42);
        for (int i = 0; i < 20; i++) {
            Collections.shuffle(backends, random);
            Collections.shuffle(namespaces, random);
            Collections.shuffle(services, random);
            Assembly again = assemble(backends, namespaces, services);
            assertThat(again.routingJson()).isEqualTo(first.routingJson());
            assertThat(again.backends()).isEqualTo(first.backends());
            assertThat(again.namespaces()).isEqualTo(first.namespaces());
        }
        assertThat(first.routing().connect().backend()).isEqualTo("apps.s1");
        assertThat(first.namespace(key("apps", "n1")).ready()).isTrue();
        assertThat(first.namespace(key("apps", "n2")).condition(Verdict.CONFLICT).status()).isTrue();
    }
}
