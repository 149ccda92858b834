package io.sluice.node.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go-style durations as Centrifugo writes them ({@code "25s"}, {@code "500ms"}, {@code "1m30s"},
 * {@code "1.5h"}), plus a bare integer meaning seconds.
 */
final class Durations {
    private static final Pattern BARE_SECONDS = Pattern.compile("\\d+");
    private static final Pattern TERM = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");
    private static final Map<String, Long> NANOS_PER_UNIT = Map.of(
            "ns", 1L, "us", 1_000L, "µs", 1_000L, "μs", 1_000L, "ms", 1_000_000L,
            "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

    private Durations() {
    }

    /** Parses {@code text}; throws BadValue when it is not a non-negative Go duration. */
    static Duration parse(String text) throws BadValue {
        if (BARE_SECONDS.matcher(text).matches()) {
            return seconds(text);
        }
        Matcher m = TERM.matcher(text);
        BigDecimal nanos = BigDecimal.ZERO;
        int at = 0;
        while (at < text.length() && m.find(at) && m.start() == at) {
            nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(NANOS_PER_UNIT.get(m.group(2)))));
            at = m.end();
        }
        if (text.isEmpty() || at != text.length()) {
            throw new BadValue("expected a duration such as \"25s\", \"500ms\" or \"1m30s\" (a bare integer means seconds), got \""
                    + text + "\"");
        }
        if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new BadValue("duration \"" + text + "\" is too large");
        }
        return Duration.ofNanos(nanos.longValue());
    }

    static Duration seconds(String digits) throws BadValue {
        try {
            return Duration.ofSeconds(Long.parseLong(digits));
        } catch (NumberFormatException e) {
            throw new BadValue("duration " + digits + "s is too large");
        }
    }

    /** Formats compactly in Go notation, so messages echo what users write ("5s", "1m30s", "500ms"). */
    static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        if (d.toNanosPart() % 1_000_000 != 0 || d.compareTo(Duration.ofSeconds(1)) < 0) {
            return d.toNanos() % 1_000_000 == 0 ? d.toMillis() + "ms" : d.toNanos() + "ns";
        }
        StringBuilder out = new StringBuilder();
        if (d.toHours() > 0) {
            out.append(d.toHours()).append('h');
        }
        if (d.toMinutesPart() > 0) {
            out.append(d.toMinutesPart()).append('m');
        }
        int millis = d.toMillisPart();
        if (d.toSecondsPart() > 0 || millis > 0) {
            out.append(d.toSecondsPart());
            if (millis > 0) {
                out.append('.').append(String.format("%03d", millis).replaceAll("0+$", ""));
            }
            out.append('s');
        }
        return out.toString();
    }
}
