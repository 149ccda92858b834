package io.sluice.bench.runner;

/**
 * How many connections carry a scenario's streams: one per stream when the per-process file
 * descriptor limit allows, otherwise as many as fit, with the streams spread evenly over them.
 */
public record Layout(int connections, int streams) {

    /** Descriptors a JVM holds besides sockets (jars, epoll, pipes), with room to spare. */
    private static final int RESERVED_DESCRIPTORS = 400;
    /** The node opens one backend connection per 100 streams (its pool's growth step). */
    private static final int STREAMS_PER_BACKEND_CONNECTION = 100;

    public static Layout of(int streams, long descriptorLimit) {
        long budget = descriptorLimit - RESERVED_DESCRIPTORS - streams / STREAMS_PER_BACKEND_CONNECTION;
        int connections = (int) Math.max(1, Math.min(streams, budget));
        return new Layout(connections, streams);
    }

    public boolean oneStreamPerConnection() {
        return connections == streams;
    }

    public String describe() {
        return oneStreamPerConnection() ? String.format("%,d connections, one stream each", connections)
                : String.format("%,d streams over %,d connections (file-descriptor limit)", streams, connections);
    }
}
