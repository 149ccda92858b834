package io.sluice.node.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A real three-master Redis Cluster on loopback: three {@link RedisProcess}es in cluster mode, each
 * given a third of the 16384 slots, introduced to each other with CLUSTER MEET, and waited for until
 * every one reports {@code cluster_state:ok}.
 */
public final class RedisClusterProcesses implements AutoCloseable {

    private static final int SLOTS = 16384;
    private final List<RedisProcess> masters = new ArrayList<>();

    public RedisClusterProcesses() throws Exception {
        try {
            for (int i = 0; i < 3; i++) {
                masters.add(RedisProcess.start("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                        "--cluster-node-timeout", "2000"));
            }
            for (int i = 0; i < 3; i++) {
                List<String> addSlots = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
                IntStream.range(i * SLOTS / 3, (i + 1) * SLOTS / 3).forEach(slot -> addSlots.add(String.valueOf(slot)));
                try (RedisCli cli = new RedisCli(masters.get(i).port())) {
                    cli.call(addSlots);
                }
            }
            try (RedisCli cli = new RedisCli(masters.get(0).port())) {
                for (RedisProcess other : masters.subList(1, 3)) {
                    cli.call("CLUSTER", "MEET", "127.0.0.1", String.valueOf(other.port()));
                }
            }
            awaitOk();
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    private void awaitOk() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            boolean ok = true;
            for (RedisProcess master : masters) {
                try (RedisCli cli = new RedisCli(master.port())) {
                    String info = (String) cli.call("CLUSTER", "INFO");
                    ok &= info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:3");
                }
            }
            if (ok) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the Redis Cluster did not reach cluster_state:ok");
    }

    public List<RedisProcess> masters() {
        return masters;
    }

    @Override
    public void close() throws InterruptedException {
        for (RedisProcess master : masters) {
            master.close();
        }
    }
}
