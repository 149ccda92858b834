package io.sluice.node;

import io.sluice.node.config.ConfigException;
import io.sluice.node.config.ConfigLoader;
import io.sluice.node.config.LoadedConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code java -jar sluice-node.jar --config FILE [--config FILE2]}: loads the config and runs a node. */
public final class SluiceNode {

    private static final Logger log = LoggerFactory.getLogger(SluiceNode.class);
    /** Kubernetes propagates a ConfigMap change within about a minute; a second is plenty. */
    private static final long CONFIG_CHECK_MILLIS = 1000;
    private static final String USAGE = "usage: java -jar sluice-node.jar --config FILE [--config FILE ...]";

    private SluiceNode() {
    }

    public static void main(String[] args) {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if ((args[i].equals("--config") || args[i].equals("-c")) && i + 1 < args.length) {
                files.add(Path.of(args[++i]));
            } else if (args[i].startsWith("--config=")) {
                files.add(Path.of(args[i].substring("--config=".length())));
            } else {
                System.err.println(args[i].equals("--help") ? USAGE : "unknown argument '" + args[i] + "'\n" + USAGE);
                System.exit(args[i].equals("--help") ? 0 : 2);
            }
        }
        try {
            LoadedConfig loaded = ConfigLoader.load(files, System.getenv());
            loaded.warnings().forEach(log::warn);
            Node node = Node.start(loaded.config());
            node.watchConfig(files, System.getenv(), CONFIG_CHECK_MILLIS);
            Runtime.getRuntime().addShutdownHook(new Thread(node::close, "sluice-shutdown"));
            String host = loaded.config().address().equals("0.0.0.0") ? "localhost" : loaded.config().address();
            String base = host + ":" + node.port();
            log.info("Sluice node {} listening: ws://{}/connection/websocket  http://{}/api  http://{}/health  http://{}/metrics",
                    node.context().identity().version(), base, base, base, base);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            System.err.println("sluice: cannot start: " + e.getMessage());
            System.exit(1);
        }
    }
}
