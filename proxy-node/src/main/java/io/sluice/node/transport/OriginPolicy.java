package io.sluice.node.transport;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Centrifugo's origin rule for browser entry points: with {@code allowed_origins} set, the request's
 * {@code Origin} must match one of its globs (lower-cased); without it, a browser may only come from
 * the host it is talking to. A request without {@code Origin} is not from a browser page and passes.
 */
final class OriginPolicy {
    private OriginPolicy() {
    }

    static boolean allows(List<Pattern> allowedOrigins, String origin, String host) {
        if (origin == null) {
            return true;
        }
        String lower = origin.toLowerCase(Locale.ROOT);
        if (allowedOrigins.isEmpty()) {
            return host != null && host.equalsIgnoreCase(authority(lower));
        }
        return allowedOrigins.stream().anyMatch(glob -> glob.matcher(lower).matches());
    }

    /** {@code host[:port]} of an Origin, or null for {@code null} and other opaque origins. */
    private static String authority(String origin) {
        try {
            return new URI(origin).getRawAuthority();
        } catch (Exception e) {
            return null;
        }
    }
}
