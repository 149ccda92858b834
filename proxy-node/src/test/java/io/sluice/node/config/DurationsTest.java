package io.sluice.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
    @ParameterizedTest
    @CsvSource({
            "0, PT0S", "25, PT25S", "25s, PT25S", "500ms, PT0.5S", "1m30s, PT1M30S", "2h, PT2H", "1.5h, PT1H30M",
            "1h2m3s4ms, PT1H2M3.004S", "100us, PT0.0001S", "100µs, PT0.0001S", "7ns, PT0.000000007S", ".5s, PT0.5S",
            "3.s, PT3S"})
    void parsesGoDurations(String text, Duration expected) throws Exception {
        assertThat(Durations.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "s", "-1s", "+1s", "1 s", "1S", "1d", "1m 30s", "ms", "1.2.3s", "99999999999999999h"})
    void rejectsEverythingElse(String text) {
        assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(BadValue.class);
    }

    @ParameterizedTest
    @CsvSource({"PT0S, 0s", "PT5S, 5s", "PT0.5S, 500ms", "PT1M30S, 1m30s", "PT2H, 2h", "PT1.25S, 1.25s",
            "PT0.000001S, 1000ns", "PT1H0.5S, 1h0.5s"})
    void formatsLikeGo(Duration duration, String expected) {
        assertThat(Durations.format(duration)).isEqualTo(expected);
    }
}
