package io.sluice.demo;

/**
 * Command line of the demo backend: {@code --grpc-port}, {@code --http-port}, {@code --ws-url}
 * (each also as {@code --name=value}); the defaults match examples/config.json.
 */
record DemoOptions(int grpcPort, int httpPort, String wsUrl) {

    static final String USAGE = "usage: java -jar sluice-demo.jar [--grpc-port 12000] [--http-port 3000]"
            + " [--ws-url ws://localhost:8000/connection/websocket]";

    static final DemoOptions DEFAULTS = new DemoOptions(12000, 3000, "ws://localhost:8000/connection/websocket");

    /** @throws IllegalArgumentException with a message fit for the user when an argument is wrong */
    static DemoOptions parse(String... args) {
        int grpcPort = DEFAULTS.grpcPort;
        int httpPort = DEFAULTS.httpPort;
        String wsUrl = DEFAULTS.wsUrl;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("missing value for '" + arg + "'");
            }
            switch (name) {
                case "--grpc-port" -> grpcPort = port(name, value);
                case "--http-port" -> httpPort = port(name, value);
                case "--ws-url" -> wsUrl = wsUrl(value);
                default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
        }
        return new DemoOptions(grpcPort, httpPort, wsUrl);
    }

    private static int port(String name, String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + ": expected a port number, got '" + value + "'");
    }

    private static String wsUrl(String value) {
        if (!value.startsWith("ws://") && !value.startsWith("wss://")) {
            throw new IllegalArgumentException("--ws-url: expected ws://... or wss://..., got '" + value + "'");
        }
        return value;
    }
}
