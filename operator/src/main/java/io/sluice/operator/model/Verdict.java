package io.sluice.operator.model;

/** A condition as the assembler decides it, before timestamps: type, status, reason and message. */
public record Verdict(String type, boolean status, String reason, String message) {
    public static final String READY = "Ready";
    public static final String BACKEND_RESOLVED = "BackendResolved";
    public static final String CONFLICT = "Conflict";

    public static Verdict isTrue(String type, String reason, String message) {
        return new Verdict(type, true, reason, message);
    }

    public static Verdict isFalse(String type, String reason, String message) {
        return new Verdict(type, false, reason, message);
    }

    public String statusText() {
        return status ? "True" : "False";
    }
}
