package io.sluice.bench.soak;

/** What the soak holds the system to (issue 14); each violation is counted under one of these. */
enum Invariant {
    STREAM_ORDER("every publication the backend sent on a stream reached its client in order, before the end code"),
    BROADCAST("every server-API publication acknowledged while Redis was up reached every subscriber that stayed subscribed"),
    OPEN_STREAMS("the backend's open streams equal the live stream subscriptions within 2 s of quiet"),
    DISCONNECT_CODES("every client disconnect carries a documented code"),
    NODE_HEALTH("no node crash, no uncaught exception or ERROR in node logs, node heap bounded"),
    RECOVERY("after faults stop, every client is back subscribed within 10 s");

    final String description;

    Invariant(String description) {
        this.description = description;
    }
}
