package io.sluice.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.sluice.node.config.load.ConfigLoader;
import io.sluice.node.config.load.LoadedConfig;
import io.sluice.node.config.NodeConfig;
import io.sluice.operator.reconciler.ReleaseConfigMap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The base config the chart renders is read by the node's own config loader, together with the routing
 * file the operator writes before it has routed anything, and with the SLUICE_* secrets.
 */
class NodeConfigTest {
    private static final Map<String, String> SECRETS = Map.of(
            "SLUICE_TOKEN_HMAC_SECRET_KEY", "hmac-from-secret", "SLUICE_API_KEY", "key-from-secret");

    @TempDir
    Path dir;

    @Test
    void defaultsGiveAMemoryNodeOnItsPort() throws Exception {
        NodeConfig config = load(Chart.defaults(), Map.of());

        assertThat(config.port()).isEqualTo(8000);
        assertThat(config.engine().type()).isEqualTo("memory");
        assertThat(config.apiKey()).isNull();
    }

    @Test
    void theInternalPortIsTheNodesInternalPortAndNullOrZeroLeavesItOut() throws Exception {
        assertThat(load(Chart.defaults(), Map.of()).frontDoor().internalPort()).isEqualTo(9000);
        assertThat(load(Chart.with("node.internalPort", "9100"), Map.of()).frontDoor().internalPort()).isEqualTo(9100);
        for (String off : List.of("null", "0")) {
            Chart.Rendered chart = Chart.with("node.internalPort", off);
            assertThat(load(chart, Map.of()).frontDoor().hasInternalPort()).as(off).isFalse();
            assertThat(baseConfig(chart)).as(off).doesNotContain("internal_port");
        }
    }

    @Test
    void productionValuesGiveShardedRedisAndTheConfiguredNamespaces() throws Exception {
        NodeConfig config = load(Chart.production(), SECRETS);

        assertThat(config.engine().isRedis()).isTrue();
        assertThat(config.engine().redisAddress()).containsExactly(
                "redis://redis-0.redis.data.svc:6379", "redis://redis-1.redis.data.svc:6379");
        assertThat(config.engine().redisPrefix()).isEqualTo("prod");
        assertThat(config.clientChannelLimit()).isEqualTo(256);
        assertThat(config.namespaces()).containsKey("chat");
        assertThat(config.channelOptions("chat").presence()).isTrue();
        assertThat(config.token().hmacSecretKey()).isEqualTo("hmac-from-secret");
        assertThat(config.apiKey()).isEqualTo("key-from-secret");
    }

    @Test
    void bundledRedisIsTheNodesRedis() throws Exception {
        NodeConfig config = load(Chart.with("redis.enabled", "true"), Map.of());

        assertThat(config.engine().redisAddress()).containsExactly("redis://demo-redis:6379");
        assertThat(config.engine().redisPrefix()).isEqualTo("sluice");
    }

    @Test
    void oneRedisAddressAsAString() throws Exception {
        String sentinel = "redis+sentinel://sentinel.data.svc:26379?sentinel_master_name=mymaster";
        NodeConfig config = load(Chart.with("redis.address", sentinel), Map.of());

        assertThat(config.engine().redisAddress()).containsExactly(sentinel);
    }

    @Test
    void theChecksumFollowsTheBaseConfigOnly() {
        String defaults = checksum(Chart.defaults());

        assertThat(checksum(Chart.with("node.config.client_channel_limit", "64"))).isNotEqualTo(defaults);
        assertThat(checksum(Chart.with("redis.enabled", "true"))).isNotEqualTo(defaults);
        assertThat(checksum(Chart.with("node.replicaCount", "7"))).isEqualTo(defaults);
        assertThat(checksum(Chart.with("operator.watchNamespaces[0]", "apps"))).isEqualTo(defaults);
    }

    @Test
    void theSchemaRefusesKeysTheChartOwns() {
        assertThat(Chart.renderError("bad-values/port-in-config.yaml")).contains("invalid propertyName 'port'");
    }

    private NodeConfig load(Chart.Rendered chart, Map<String, String> env) throws Exception {
        Path base = dir.resolve("config.json");
        Files.writeString(base, baseConfig(chart));
        Path routing = dir.resolve("routing.json");
        Files.writeString(routing, ReleaseConfigMap.EMPTY_ROUTING);
        LoadedConfig loaded = ConfigLoader.load(List.of(base, routing), env);
        assertThat(loaded.warnings()).isEmpty();
        return loaded.config();
    }

    private static String baseConfig(Chart.Rendered chart) {
        return chart.one(ConfigMap.class, "demo-node-config").getData().get("config.json");
    }

    private static String checksum(Chart.Rendered chart) {
        return chart.one(Deployment.class, "demo-node").getSpec().getTemplate().getMetadata().getAnnotations()
                .get("checksum/config");
    }
}
