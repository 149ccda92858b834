package io.sluice.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {
    @ParameterizedTest
    @CsvSource({"1s, 1000", "500ms, 500", "1.5s, 1500", "1m30s, 90000", ".5s, 500", "2500000us, 2500",
            "1h, 3600000", "4s999ms, 4999"})
    void parsesGoDurations(String text, long millis) {
        assertThat(GoDuration.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "3", "1", "s", "1x", "1s ", "-1s", "1.s5"})
    void refusesWhatIsNotADuration(String text) {
        assertThatThrownBy(() -> GoDuration.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a duration");
    }

    @ParameterizedTest
    @CsvSource({"1000, 1s", "2500, 2500ms", "60000, 60s"})
    void formatsInTheLargestExactUnit(long millis, String text) {
        assertThat(GoDuration.format(Duration.ofMillis(millis))).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1s", "250ms", "1500us", "7ns", "4.999s"})
    void formatThenParseIsTheSameDuration(String text) {
        Duration d = GoDuration.parse(text);
        assertThat(GoDuration.parse(GoDuration.format(d))).isEqualTo(d);
    }
}
