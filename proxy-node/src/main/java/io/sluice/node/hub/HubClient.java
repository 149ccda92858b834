package io.sluice.node.hub;

import io.sluice.node.broker.ControlCommand;

/** A connection as the hub sees it. Both methods may be called from any thread. */
public interface HubClient {

    String clientId();

    String user();

    /** A push for a channel this client subscribed to. */
    void deliver(String channel, PushFrame frame);

    /** A server-API command that targets this client (already matched by user/client id). */
    void apply(ControlCommand command);
}
