package io.sluice.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** values.schema.json (and the templates' cross-field checks) refuse bad values files with a clear message. */
class ValuesSchemaTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown-key.yaml                     | at '/node': additional properties 'replicas' not allowed
            wrong-type.yaml                      | at '/node/port': got string, want integer
            bad-rbac-scope.yaml                  | at '/operator/rbac/scope': value must be one of 'namespace', 'cluster'
            percent-out-of-range.yaml            | at '/node/autoscaling/targetCPUUtilizationPercentage': maximum: got 150, want 100
            redis-address-number.yaml            | at '/redis/address': 'anyOf' failed
            bad-secret-name.yaml                 | at '/existingSecret': 'anyOf' failed
            hmac-secret-in-config.yaml           | invalid propertyName 'token_hmac_secret_key'
            api-key-in-config.yaml               | invalid propertyName 'api_key'
            port-in-config.yaml                  | invalid propertyName 'port'
            internal-port-in-config.yaml         | invalid propertyName 'internal_port'
            internal-address-in-config.yaml      | invalid propertyName 'internal_address'
            internal-port-is-port.yaml           | node.internalPort must differ from node.port
            redis-bundled-and-external.yaml      | set either redis.enabled (a bundled Redis) or redis.address (your Redis), not both
            grace-shorter-than-prestop.yaml      | node.terminationGracePeriodSeconds must be larger than node.preStopSleepSeconds
            """)
    void refused(String file, String message) {
        assertThat(Chart.renderError("bad-values/" + file)).contains(message);
    }

    @Test
    void everyBadValuesFileIsCovered() throws Exception {
        try (Stream<java.nio.file.Path> files = Files.list(Chart.TEST_VALUES.resolve("bad-values"))) {
            assertThat(files.map(f -> f.getFileName().toString())).hasSize(14);
        }
    }

    @Test
    void theProductionValuesAndTheDefaultsPass() {
        assertThat(Chart.defaults().objects()).isNotEmpty();
        assertThat(Chart.production().objects()).isNotEmpty();
    }
}
