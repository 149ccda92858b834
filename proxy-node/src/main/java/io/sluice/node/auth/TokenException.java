package io.sluice.node.auth;

/** A token that failed verification, and why: the caller maps the reason to a protocol code. */
public final class TokenException extends Exception {

    public enum Reason {
        /** Malformed, unsigned, wrong algorithm, bad signature, bad claims: disconnect 3500 (103 for subscriptions). */
        INVALID,
        /** {@code exp} in the past or {@code nbf} in the future: error 109. */
        EXPIRED
    }

    private final Reason reason;

    public TokenException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
