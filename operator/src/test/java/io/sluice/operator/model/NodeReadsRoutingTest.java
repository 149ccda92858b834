package io.sluice.operator.model;

import static io.sluice.operator.Fixtures.backend;
import static io.sluice.operator.Fixtures.clusterIpService;
import static io.sluice.operator.Fixtures.createdAt;
import static io.sluice.operator.Fixtures.endpointBackend;
import static io.sluice.operator.Fixtures.headlessService;
import static io.sluice.operator.Fixtures.namespace;
import static io.sluice.operator.Fixtures.port;
import static io.sluice.operator.Fixtures.serviceBackend;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.sluice.node.config.ChannelOptions;
import io.sluice.node.config.load.ConfigLoader;
import io.sluice.node.config.load.LoadedConfig;
import io.sluice.node.config.NodeConfig;
import io.sluice.node.config.StreamBackendConfig;
import io.sluice.operator.crd.ConnectSpec;
import io.sluice.operator.crd.ProxyStreamNamespace;
import io.sluice.operator.crd.ServiceReference;
import io.sluice.operator.crd.StreamBackend;
import io.sluice.operator.crd.TlsSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the operator renders, read by the node's own config loader: it must load without a warning and
 * mean what the resources say.
 */
class NodeReadsRoutingTest {
    @TempDir
    Path dir;

    record CrSet(List<StreamBackend> backends, List<ProxyStreamNamespace> namespaces, List<Service> services) {
    }

    static Stream<Arguments> crSets() {
        return Stream.of(
                Arguments.of("nothing", new CrSet(List.of(), List.of(), List.of())),
                Arguments.of("every backend option", new CrSet(
                        List.of(backend("apps", "prices", s -> {
                            s.setService(new ServiceReference("prices", 9000));
                            s.setContract("CentrifugoProxy");
                            s.setTimeout("2500ms");
                            s.setTls(new TlsSpec("prices-ca", "prices.internal"));
                            s.setGrpcMetadata(Map.of("X-Team", "quotes"));
                            s.setForwardHttpHeaders(List.of("Authorization"));
                            s.setIncludeConnectionMeta(true);
                            s.setConnections(64);
                        }), backend("apps", "sessions", s -> {
                            s.setEndpoint("dns:///sessions.example.com:7000");
                            s.setTls(new TlsSpec());
                            s.setConnect(new ConnectSpec(true, true));
                        })),
                        List.of(namespace("apps", "prices", "prices", spec -> {
                            spec.setBidirectional(true);
                            spec.setPresence(true);
                            spec.setJoinLeave(true);
                            spec.setForcePushJoinLeave(false);
                        }), namespace("apps", "sessions", "sessions")),
                        List.of(headlessService("apps", "prices", port(9000, 9000))))),
                Arguments.of("conflicts and broken resources leave only the winners", new CrSet(
                        List.of(createdAt(backend("apps", "c1", s -> {
                            s.setEndpoint("grpc://c1:1");
                            s.setConnect(new ConnectSpec(true, false));
                        }), 0), createdAt(backend("apps", "c2", s -> {
                            s.setEndpoint("grpc://c2:1");
                            s.setConnect(new ConnectSpec(true, true));
                        }), 1), serviceBackend("apps", "no-service", "gone", 1),
                                backend("apps", "bad-timeout", s -> {
                                    s.setEndpoint("grpc://t:1");
                                    s.setTimeout("6s");
                                })),
                        List.of(createdAt(namespace("apps", "chat", "c1"), 0),
                                createdAt(namespace("apps", "chat-dup", "c2", s -> s.setChannelNamespace("chat")), 1),
                                namespace("apps", "orphan", "no-service"),
                                namespace("apps", "timeouts", "bad-timeout"),
                                namespace("apps", "ghost", "missing")),
                        List.of())),
                Arguments.of("two Kubernetes namespaces", new CrSet(
                        List.of(serviceBackend("team-a", "api", "api", 8080), endpointBackend("team-b", "api",
                                "grpc://10.0.0.1:9000")),
                        List.of(namespace("team-a", "alpha", "api"), namespace("team-b", "beta", "api")),
                        List.of(clusterIpService("team-a", "api", 8080)))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("crSets")
    void nodeLoadsTheRoutingWithoutWarningsAndItMeansWhatTheResourcesSay(String name, CrSet set) throws Exception {
        Assembly assembly = RoutingAssemblerTest.assemble(set.backends(), set.namespaces(), set.services());
        LoadedConfig loaded = load(assembly.routingJson());
        assertThat(loaded.warnings()).isEmpty();
        assertMeans(loaded.config(), assembly.routing());
    }

    @Test
    void routingMergesOverTheHelmBaseConfigByName() throws Exception {
        Path base = dir.resolve("base.yaml");
        Files.writeString(base, """
                port: 9001
                api_key: k
                namespaces:
                  - name: chat
                    presence: true
                    allow_subscribe_for_client: true
                  - name: plain
                    join_leave: true
                """);
        Assembly assembly = RoutingAssemblerTest.assemble(List.of(endpointBackend("apps", "b", "grpc://b:1")),
                List.of(namespace("apps", "chat", "b", s -> s.setJoinLeave(true))), List.of());
        Path routing = dir.resolve("routing.json");
        Files.writeString(routing, assembly.routingJson());
        LoadedConfig loaded = ConfigLoader.load(List.of(base, routing), Map.of());
        assertThat(loaded.warnings()).isEmpty();
        ChannelOptions chat = loaded.config().channelOptions("chat");
        assertThat(chat.streamBackend()).isEqualTo("apps.b");
        assertThat(chat.presence()).as("kept from the base config").isTrue();
        assertThat(chat.allowSubscribeForClient()).isTrue();
        assertThat(chat.joinLeave()).as("set by the resource").isTrue();
        assertThat(loaded.config().channelOptions("plain").joinLeave()).isTrue();
        assertThat(loaded.config().port()).isEqualTo(9001);
    }

    private LoadedConfig load(String json) throws Exception {
        Path routing = dir.resolve("routing.json");
        Files.writeString(routing, json);
        return ConfigLoader.load(List.of(routing), Map.of());
    }

    /** The node's view, entry by entry, against the routing the assembler decided. */
    private static void assertMeans(NodeConfig node, RoutingConfig routing) {
        assertThat(node.streamBackends()).hasSize(routing.backends().size());
        for (RoutingConfig.Backend b : routing.backends()) {
            assertThat(node.streamBackends().get(b.name())).isEqualTo(new StreamBackendConfig(b.name(), b.endpoint(),
                    "CentrifugoProxy".equals(b.contract()) ? StreamBackendConfig.Contract.CENTRIFUGO_PROXY
                            : StreamBackendConfig.Contract.PROXY_STREAM,
                    b.timeout(), b.tls(), b.tlsCertFile(), b.tlsServerName(), b.grpcMetadata(), b.httpHeaders(),
                    b.includeConnectionMeta(), b.connections()));
        }
        assertThat(node.namespaces()).hasSize(routing.namespaces().size());
        for (RoutingConfig.Namespace n : routing.namespaces()) {
            ChannelOptions options = node.channelOptions(n.name());
            assertThat(options.streamBackend()).isEqualTo(n.backend());
            assertThat(options.streamBidirectional()).isEqualTo(n.bidirectional());
            assertThat(options.presence()).isEqualTo(Boolean.TRUE.equals(n.presence()));
            assertThat(options.joinLeave()).isEqualTo(Boolean.TRUE.equals(n.joinLeave()));
            assertThat(options.forcePushJoinLeave()).isEqualTo(Boolean.TRUE.equals(n.forcePushJoinLeave()));
        }
        if (routing.connect() == null) {
            assertThat(node.connectStream()).isNull();
        } else {
            assertThat(node.connectStream()).isEqualTo(new NodeConfig.ConnectStreamConfig(routing.connect().backend(),
                    routing.connect().bidirectional()));
        }
    }
}
