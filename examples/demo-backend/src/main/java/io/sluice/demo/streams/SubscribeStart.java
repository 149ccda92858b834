package io.sluice.demo.streams;

/**
 * The fields of a subscribe request the demo uses, copied out of either contract's generated type.
 *
 * @param contract which gRPC service carried it, for the log
 * @param data     the client's subscribe {@code data} (raw JSON from JSON clients), possibly empty
 */
public record SubscribeStart(String contract, String client, String user, String channel, byte[] data) {

    /** The channel's namespace: the part before the first ':', or "" for channels without one. */
    public String namespace() {
        int colon = channel.indexOf(':');
        return colon < 0 ? "" : channel.substring(0, colon);
    }

    /** How the log names this stream. */
    public String describe() {
        return channel + " user=" + (user.isEmpty() ? "-" : user) + " client=" + client + " via " + contract;
    }
}
