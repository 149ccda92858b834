package io.sluice.node.transport;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * The front door's answer to a request head: pass it on, or refuse it with a status. {@code reason}
 * labels the refusal in {@code sluice_front_door_refusals_total}.
 */
record Verdict(HttpResponseStatus status, String reason) {

    static final Verdict PASS = new Verdict(null, null);
    /** A CORS preflight from an allowed origin: the front door answers it itself. */
    static final Verdict PREFLIGHT = new Verdict(HttpResponseStatus.NO_CONTENT, "preflight");

    static Verdict refuse(HttpResponseStatus status, String reason) {
        return new Verdict(status, reason);
    }

    boolean passes() {
        return status == null;
    }

    boolean isPreflight() {
        return this == PREFLIGHT;
    }
}
