package io.sluice.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Secrets reach pods only through Secret references: never in a ConfigMap, never as a plain value. */
class SecretsTest {
    private static final Pattern SECRET_LIKE = Pattern.compile("(?i).*(secret|password|api_?key|token|credential).*");

    static Stream<Chart.Rendered> renders() {
        return Stream.of(Chart.defaults(), Chart.production(), Chart.with("redis.enabled", "true"));
    }

    @ParameterizedTest
    @MethodSource("renders")
    void theChartCreatesNoSecretsAndPutsNoneInConfigMaps(Chart.Rendered chart) {
        assertThat(chart.ofKind("Secret")).isEmpty();
        for (ConfigMap configMap : chart.all(ConfigMap.class)) {
            configMap.getData().forEach((key, content) -> assertThat(content).as(key)
                    .doesNotContain("token_hmac_secret_key", "api_key", "password", "secret"));
        }
    }

    @ParameterizedTest
    @MethodSource("renders")
    void secretLookingVariablesComeFromSecretRefs(Chart.Rendered chart) {
        for (Deployment deployment : chart.all(Deployment.class)) {
            for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
                assertThat(container.getEnvFrom()).isNullOrEmpty();
                for (EnvVar env : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
                    if (env.getValueFrom() != null) {
                        assertThat(env.getValueFrom().getSecretKeyRef()).as(env.getName()).isNotNull();
                    } else if (!env.getName().equals("SLUICE_BACKEND_TLS_SECRETS")) { // names of Secrets
                        assertThat(env.getName()).as("plain env value").doesNotMatch(SECRET_LIKE);
                    }
                }
            }
        }
    }

    @Test
    void existingSecretKeysBecomeSluiceVariables() {
        Container node = nodeContainer(Chart.production());

        assertThat(secretRefs(node)).containsExactly(
                Map.entry("SLUICE_TOKEN_HMAC_SECRET_KEY", "sluice-secrets/token_hmac_secret_key"),
                Map.entry("SLUICE_API_KEY", "sluice-secrets/api_key"),
                Map.entry("SLUICE_REDIS_ADDRESS", "redis-with-password/addresses"));
        assertThat(node.getEnv()).filteredOn(e -> e.getValueFrom() != null)
                .allSatisfy(e -> assertThat(e.getValueFrom().getSecretKeyRef().getOptional()).isNotEqualTo(Boolean.TRUE));
    }

    @Test
    void keyNamesAreConfigurableAndAnEmptyOneIsSkipped() {
        Container node = nodeContainer(Chart.with("existingSecret", "s", "secretKeys.tokenHmacSecretKey", "hmac",
                "secretKeys.apiKey", ""));

        assertThat(secretRefs(node)).containsExactly(Map.entry("SLUICE_TOKEN_HMAC_SECRET_KEY", "s/hmac"));
    }

    @Test
    void withoutExistingSecretNoSecretIsReferenced() {
        assertThat(secretRefs(nodeContainer(Chart.defaults()))).isEmpty();
    }

    @Test
    void theSchemaRefusesSecretsInTheNodeConfig() {
        assertThat(Chart.renderError("bad-values/hmac-secret-in-config.yaml"))
                .contains("invalid propertyName 'token_hmac_secret_key'");
        assertThat(Chart.renderError("bad-values/api-key-in-config.yaml")).contains("invalid propertyName 'api_key'");
    }

    static Container nodeContainer(Chart.Rendered chart) {
        return chart.one(Deployment.class, "demo-node").getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static List<Map.Entry<String, String>> secretRefs(Container container) {
        return container.getEnv().stream().filter(e -> e.getValueFrom() != null)
                .map(e -> Map.entry(e.getName(), e.getValueFrom().getSecretKeyRef().getName() + "/"
                        + e.getValueFrom().getSecretKeyRef().getKey()))
                .toList();
    }
}
