package io.sluice.bench.runner.process;

import redis.embedded.RedisServer;

import java.io.IOException;

/** A redis-server for the cross-node scenario: the binary shipped in the embedded-redis jar, as a process of its own. */
public final class RedisProcess implements AutoCloseable {

    private final RedisServer server;
    private final int port;

    private RedisProcess(RedisServer server, int port) {
        this.server = server;
        this.port = port;
    }

    public static RedisProcess start() throws IOException {
        int port = Ports.free();
        RedisServer server = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                .setting("save \"\"").setting("appendonly no").build();
        server.start();
        return new RedisProcess(server, port);
    }

    public String address() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public void close() throws IOException {
        server.stop();
    }
}
