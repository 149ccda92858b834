package io.sluice.node.stream;

import com.google.protobuf.ByteString;
import io.sluice.node.protocol.ClientError;
import io.sluice.node.protocol.DisconnectCode;

import java.util.Map;

/**
 * What a proxied stream tells its client session, always on the session's event loop, in the order
 * the backend sent it. Exactly one of accepted, rejected or disconnect comes first; data and then at
 * most one ended follow only after accepted.
 *
 * @param <A> the backend's accepting result (subscribe or connect result)
 */
public interface StreamEvents<A> {

    void accepted(A result);

    /** The subscribe or connect is refused with this error; the call is already cancelled. */
    void rejected(ClientError error);

    /** The backend asks to disconnect the client; the call is already cancelled. */
    void disconnect(DisconnectCode code);

    void data(ByteString data, Map<String, String> tags);

    /**
     * The backend ended the stream: cleanly (status OK) or by failing. A failure a retry would repeat
     * (a message above the size limit) counts as clean, so the client is told not to retry.
     */
    void ended(boolean clean);

    /** A bidirectional stream sent the client message it held: the client's next ones may go. */
    void backendReady();
}
