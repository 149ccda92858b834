package io.sluice.node.auth;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What an {@code aud} or {@code iss} claim must hold: an exact value, or a value in which the regex
 * finds a match (unanchored, like Go's {@code FindStringSubmatch} in Centrifugo; anchor it with ^...$
 * to match whole values). Both null = any value, including none.
 */
record ExpectedClaim(String exact, Pattern regex) {

    static final ExpectedClaim ANY = new ExpectedClaim(null, null);

    /** Either argument may be null or blank (not configured); the config loader never sets both. */
    static ExpectedClaim of(String exact, String regex) {
        if (regex != null && !regex.isBlank()) {
            return new ExpectedClaim(null, Pattern.compile(regex));
        }
        return exact != null && !exact.isBlank() ? new ExpectedClaim(exact, null) : ANY;
    }

    /** For {@code iss}: the claim's value, null when absent (a regex then sees "", as in Go). */
    boolean accepts(String value) {
        if (regex != null) {
            return regex.matcher(value == null ? "" : value).find();
        }
        return exact == null || exact.equals(value);
    }

    /** For {@code aud}: passes when any one entry is accepted; an absent claim has no entries. */
    boolean acceptsAny(List<String> values) {
        return exact == null && regex == null || values.stream().anyMatch(this::accepts);
    }
}
