package io.sluice.proto;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go-style durations ({@code "25s"}, {@code "500ms"}, {@code "1m30s"}, {@code "1.5h"}), the one grammar
 * the node's config files and the operator's CRDs share. Non-negative only; units ns, us (µs, μs), ms, s, m, h.
 */
public final class GoDuration {
    private static final Pattern BARE_SECONDS = Pattern.compile("\\d+");
    private static final Pattern TERM = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");
    private static final Map<String, Long> NANOS_PER_UNIT = Map.of(
            "ns", 1L, "us", 1_000L, "µs", 1_000L, "μs", 1_000L, "ms", 1_000_000L,
            "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

    /** Not a duration, or one too large for {@link Duration#ofNanos}; the message says which. */
    public static final class InvalidDuration extends IllegalArgumentException {
        private final boolean tooLarge;

        InvalidDuration(String message, boolean tooLarge) {
            super(message);
            this.tooLarge = tooLarge;
        }

        /** The text is a duration, but a larger one than fits. */
        public boolean tooLarge() {
            return tooLarge;
        }
    }

    private GoDuration() {
    }

    /** The duration, or throws {@link InvalidDuration} saying what is wrong with {@code text}. */
    public static Duration parse(String text) {
        Matcher m = TERM.matcher(text);
        BigDecimal nanos = BigDecimal.ZERO;
        int at = 0;
        while (at < text.length() && m.find(at) && m.start() == at) {
            nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(NANOS_PER_UNIT.get(m.group(2)))));
            at = m.end();
        }
        if (text.isEmpty() || at != text.length()) {
            throw new InvalidDuration("\"" + text + "\" is not a duration such as \"1s\" or \"500ms\"", false);
        }
        if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new InvalidDuration("\"" + text + "\" is too long a duration", true);
        }
        return Duration.ofNanos(nanos.longValue());
    }

    /** Whether {@code text} is a bare integer, which Centrifugo's config files read as seconds. */
    public static boolean isBareSeconds(String text) {
        return BARE_SECONDS.matcher(text).matches();
    }

    /** Like {@link #parse}, but a bare integer means seconds, as in Centrifugo's config files. */
    public static Duration parseSecondsOrGo(String text) {
        if (!isBareSeconds(text)) {
            return parse(text);
        }
        try {
            return Duration.ofSeconds(Long.parseLong(text));
        } catch (NumberFormatException e) {
            throw new InvalidDuration("\"" + text + "\" is too long a duration", true);
        }
    }

    /** Compact Go notation, as users write it ("5s", "1m30s", "500ms", "1.25s"), for messages. */
    public static String format(Duration d) {
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

    /**
     * One canonical spelling per duration, in the largest unit that holds it exactly ("1000ms" and "1s"
     * both give "1s", 90 s gives "90s"), so equal durations render equal text.
     */
    public static String formatInOneUnit(Duration d) {
        long nanos = d.toNanos();
        if (nanos % 1_000_000_000L == 0) {
            return nanos / 1_000_000_000L + "s";
        }
        if (nanos % 1_000_000L == 0) {
            return nanos / 1_000_000L + "ms";
        }
        if (nanos % 1_000L == 0) {
            return nanos / 1_000L + "us";
        }
        return nanos + "ns";
    }
}
