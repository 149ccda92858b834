package io.sluice.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The one Go duration grammar of the node's config and the operator's CRDs (formerly two suites). */
class GoDurationTest {
    @ParameterizedTest
    @CsvSource({"1s, 1000", "500ms, 500", "1.5s, 1500", "1m30s, 90000", ".5s, 500", "2500000us, 2500",
            "1h, 3600000", "4s999ms, 4999"})
    void parsesGoDurations(String text, long millis) {
        assertThat(GoDuration.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @CsvSource({
            "0, PT0S", "25, PT25S", "25s, PT25S", "500ms, PT0.5S", "1m30s, PT1M30S", "2h, PT2H", "1.5h, PT1H30M",
            "1h2m3s4ms, PT1H2M3.004S", "100us, PT0.0001S", "100µs, PT0.0001S", "7ns, PT0.000000007S", ".5s, PT0.5S",
            "3.s, PT3S"})
    void parsesGoDurationsOrBareSeconds(String text, Duration expected) {
        assertThat(GoDuration.parseSecondsOrGo(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "3", "1", "s", "1x", "1s ", "-1s", "1.s5"})
    void refusesWhatIsNotADuration(String text) {
        assertThatThrownBy(() -> GoDuration.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a duration");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "s", "-1s", "+1s", "1 s", "1S", "1d", "1m 30s", "ms", "1.2.3s", "99999999999999999h",
            "99999999999999999999"})
    void rejectsEverythingElseEvenWithBareSeconds(String text) {
        assertThatThrownBy(() -> GoDuration.parseSecondsOrGo(text)).isInstanceOf(GoDuration.InvalidDuration.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"99999999999999999h", "99999999999999999999"})
    void tellsTooLargeApart(String text) {
        assertThatThrownBy(() -> GoDuration.parseSecondsOrGo(text))
                .isInstanceOfSatisfying(GoDuration.InvalidDuration.class, e -> assertThat(e.tooLarge()).isTrue());
    }

    @ParameterizedTest
    @CsvSource({"PT0S, 0s", "PT5S, 5s", "PT0.5S, 500ms", "PT1M30S, 1m30s", "PT2H, 2h", "PT1.25S, 1.25s",
            "PT0.000001S, 1000ns", "PT1H0.5S, 1h0.5s"})
    void formatsLikeGo(Duration duration, String expected) {
        assertThat(GoDuration.format(duration)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"1000, 1s", "2500, 2500ms", "60000, 60s"})
    void formatsInTheLargestExactUnit(long millis, String text) {
        assertThat(GoDuration.formatInOneUnit(Duration.ofMillis(millis))).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1s", "250ms", "1500us", "7ns", "4.999s"})
    void formatThenParseIsTheSameDuration(String text) {
        Duration d = GoDuration.parse(text);
        assertThat(GoDuration.parse(GoDuration.formatInOneUnit(d))).isEqualTo(d);
        assertThat(GoDuration.parse(GoDuration.format(d))).isEqualTo(d);
    }
}
