package io.sluice.node.protocol;

/** A frame that is not a well-formed command batch; the session answers with disconnect 3501. */
public final class ProtocolException extends Exception {
    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
