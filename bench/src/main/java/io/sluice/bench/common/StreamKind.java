package io.sluice.bench.common;

/**
 * The kinds of channel a benchmark client subscribes to, each a namespace of the benchmark node's
 * config: subscription streams of either contract, or a plain channel fed by the server API.
 */
public enum StreamKind {
    /** Seed contract ({@code CentrifugoProxyStream}), unidirectional. */
    SEED("seed", true, false),
    /** Seed contract, bidirectional: client publications go to the backend. */
    SEED_BIDI("seedbidi", true, true),
    /** Centrifugo v5.1+ contract ({@code CentrifugoProxy}), unidirectional. */
    V5("v5", true, false),
    /** A plain channel: no stream, publications come through the server API (and the engine). */
    PLAIN("plain", false, false);

    private final String namespace;
    private final boolean stream;
    private final boolean bidirectional;

    StreamKind(String namespace, boolean stream, boolean bidirectional) {
        this.namespace = namespace;
        this.stream = stream;
        this.bidirectional = bidirectional;
    }

    public String namespace() {
        return namespace;
    }

    public boolean isStream() {
        return stream;
    }

    public boolean isBidirectional() {
        return bidirectional;
    }

    /** The channel of stream {@code stream} of connection {@code connection}. */
    public String channel(int connection, int stream) {
        return namespace + ":" + connection + "." + stream;
    }
}
