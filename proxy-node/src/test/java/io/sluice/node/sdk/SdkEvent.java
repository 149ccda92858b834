package io.sluice.node.sdk;

/**
 * One thing an SDK reported, in one shape for every SDK.
 *
 * @param type    the SDK's event name: connected, connecting, disconnected, message, subscribing,
 *                subscribed, unsubscribed, error (of a subscription), publication, published, sent
 * @param channel the subscription's channel, or null for client events
 * @param code    the event's code (disconnect, unsubscribe, error code; 0 for a successful call)
 * @param text    the client id for connected, else the reason or error message; may be null
 * @param data    the payload as JSON text, or null
 */
record SdkEvent(String type, String channel, int code, String text, String data) {

    static String key(String type, String channel) {
        return channel == null ? type : type + " " + channel;
    }

    String key() {
        return key(type, channel);
    }

    /** Records this event on {@code events} under its key. */
    void recordOn(Events events) {
        events.record(key(), this);
    }
}
