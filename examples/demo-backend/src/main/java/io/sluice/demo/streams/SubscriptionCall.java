package io.sluice.demo.streams;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a subscription-stream behaviour needs from its gRPC call. Both contracts (the seed's
 * CentrifugoProxyStream and Centrifugo's CentrifugoProxy) carry the same messages under different
 * generated types, so behaviours talk to this and stay contract-neutral. Thread-safe.
 */
public interface SubscriptionCall {

    /** The first message: the subscription is accepted and {@code data} goes to the client's subscribe reply. */
    void accept(JsonNode data);

    /** The first message instead of {@link #accept}: the subscribe fails with this application code; ends the call. */
    void reject(int code, String message);

    /** A publication for this one subscriber. */
    void publish(JsonNode data);

    /** Whether the transport takes another message without buffering it (gRPC outbound flow control). */
    boolean isReady();

    /** Runs {@code hook} each time {@link #isReady} turns true again. */
    void onReady(Runnable hook);

    /** Runs {@code hook} once when the node cancels the call (the client unsubscribed or went away); at once if it already has. */
    void onCancel(Runnable hook);

    /** Asks the node for the next inbound message (bidirectional calls take them one at a time). */
    void requestNext();

    /** Ends the stream cleanly; the node then unsubscribes the client. */
    void complete();
}
