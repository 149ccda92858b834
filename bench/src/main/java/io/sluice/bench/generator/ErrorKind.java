package io.sluice.bench.generator;

/** Everything that counts as an error in a scenario; "zero errors" means all of these stayed at 0. */
public enum ErrorKind {
    /** TCP connect or WebSocket handshake failed. */
    CONNECT_FAILED,
    /** The connect command got an error reply. */
    CONNECT_REFUSED,
    /** A subscribe got an error reply, or a direct stream's first message was an error. */
    SUBSCRIBE_REFUSED,
    /** The node closed the connection. */
    DISCONNECTED,
    /** The node unsubscribed a stream (its gRPC call ended or failed). */
    UNSUBSCRIBED,
    /** A direct gRPC stream failed. */
    STREAM_FAILED,
    /** A message arrived out of order or after a gap. */
    OUT_OF_ORDER,
    /** A client publication or a server-API publish got an error. */
    PUBLISH_FAILED,
    /** A fallback client's {@code POST /emulation} was not answered 204. */
    EMULATION_FAILED,
    /** A connection or stream did not finish setting up in time. */
    SETUP_TIMEOUT
}
