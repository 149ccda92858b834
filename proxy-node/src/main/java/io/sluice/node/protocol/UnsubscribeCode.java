package io.sluice.node.protocol;

/** Server-side unsubscribe advice: below 2500 the SDK stays unsubscribed, from 2500 it resubscribes. */
public record UnsubscribeCode(int code, String reason) {

    public static final UnsubscribeCode SERVER = new UnsubscribeCode(2000, "server unsubscribe");
    public static final UnsubscribeCode INSUFFICIENT_STATE = new UnsubscribeCode(2500, "insufficient state");
    public static final UnsubscribeCode EXPIRED = new UnsubscribeCode(2501, "subscription expired");
}
