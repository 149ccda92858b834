package io.sluice.node.hub;

import io.sluice.node.engine.ControlCommand;
import io.sluice.node.config.RoutingChange;

/** A connection as the hub sees it. Both methods may be called from any thread. */
public interface HubClient {

    String clientId();

    String user();

    /** A push for a channel this client subscribed to. */
    void deliver(String channel, PushFrame frame);

    /** A server-API command that targets this client (already matched by user/client id). */
    void apply(ControlCommand command);

    /** A config reload moved the stream routing of some namespaces: streams there must reopen. */
    void reroute(RoutingChange change);
}
