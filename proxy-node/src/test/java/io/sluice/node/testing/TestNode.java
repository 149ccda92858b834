package io.sluice.node.testing;

import io.sluice.node.Node;
import io.sluice.node.config.load.ConfigLoader;

/** A real node on a free loopback port, configured from inline JSON, for one test class or method. */
public final class TestNode implements AutoCloseable {

    public static final String SECRET = "sluice-test-secret";
    public static final String API_KEY = "sluice-test-api-key";

    private final Node node;
    private boolean closed;

    private TestNode(Node node) {
        this.node = node;
    }

    /** {@code extraJson} is spliced into a base config (secret, api key, loopback, a free port), e.g. {@code "\"presence\": true"}. */
    public static TestNode start(String extraJson) throws Exception {
        String json = "{\"address\": \"127.0.0.1\", \"port\": " + freePort() + ","
                + " \"token_hmac_secret_key\": \"" + SECRET + "\","
                + " \"api_key\": \"" + API_KEY + "\""
                + (extraJson.isBlank() ? "" : ", " + extraJson) + "}";
        return new TestNode(Node.start(ConfigLoader.fromJson(json)));
    }

    /**
     * A node loaded from config files as {@code --config} would load them, on a free port, that reloads
     * them when they change (checked every 100 ms).
     */
    public static TestNode startWatching(java.util.List<java.nio.file.Path> files) throws Exception {
        java.util.Map<String, String> env = java.util.Map.of("SLUICE_PORT", String.valueOf(freePort()),
                "SLUICE_ADDRESS", "127.0.0.1", "SLUICE_TOKEN_HMAC_SECRET_KEY", SECRET, "SLUICE_API_KEY", API_KEY);
        Node node = Node.start(ConfigLoader.load(files, env).config());
        node.watchConfig(files, java.util.Set.of(), env, 100);
        return new TestNode(node);
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public int port() {
        return node.port();
    }

    public Node node() {
        return node;
    }

    public String wsUrl() {
        return "ws://127.0.0.1:" + port() + "/connection/websocket";
    }

    /** The value of one Prometheus sample (exact name with labels) from {@code /metrics}, 0 when absent. */
    public double metric(String sample) throws Exception {
        for (String line : api().get("/metrics").body().split("\n")) {
            if (line.startsWith(sample + " ")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    public ApiClient api() {
        return new ApiClient("http://127.0.0.1:" + port(), API_KEY);
    }

    /** Stops the node; a second call does nothing, so a fixture may close what its base class closes too. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            node.close();
        }
    }
}
