package io.sluice.bench.runner.process;

import redis.embedded.RedisServer;

import java.io.IOException;

/** A redis-server for the cross-node scenario and the soak: the binary shipped in the embedded-redis jar, as a process of its own. */
public final class RedisProcess implements AutoCloseable {

    private final RedisServer server;
    private final int port;

    private RedisProcess(RedisServer server, int port) {
        this.server = server;
        this.port = port;
    }

    public static RedisProcess start() throws IOException {
        return start(Ports.free());
    }

    /** A server on {@code port}, for example again after {@link #close()} on the port the nodes know. */
    public static RedisProcess start(int port) throws IOException {
        RedisServer server = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                .setting("save \"\"").setting("appendonly no").build();
        server.start();
        return new RedisProcess(server, port);
    }

    public int port() {
        return port;
    }

    public String address() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public void close() throws IOException {
        server.stop();
    }
}
