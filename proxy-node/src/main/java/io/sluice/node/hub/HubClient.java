package io.sluice.node.hub;

import io.sluice.node.engine.ControlCommand;

import java.util.Set;

/** A connection as the hub sees it. Both methods may be called from any thread. */
public interface HubClient {

    String clientId();

    String user();

    /** A push for a channel this client subscribed to. */
    void deliver(String channel, PushFrame frame);

    /** A server-API command that targets this client (already matched by user/client id). */
    void apply(ControlCommand command);

    /**
     * A config reload moved the stream routing of the channel {@code namespaces} ({@code ""}: channels
     * without a namespace): streams there must reopen.
     */
    void reroute(Set<String> namespaces);
}
