package io.sluice.node;

import io.sluice.node.config.ConfigException;
import io.sluice.node.config.load.ConfigLoader;
import io.sluice.node.config.load.LoadedConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code java -jar sluice-node.jar --config FILE [--config FILE2] [--config-optional FILE3]}: loads the
 * config files in order and runs a node. An optional file may be missing (it then adds nothing) and is
 * loaded when it appears, so a node can start before the operator has written its routing.
 */
public final class SluiceNode {

    private static final Logger log = LoggerFactory.getLogger(SluiceNode.class);
    /** Kubernetes propagates a ConfigMap change within about a minute; a second is plenty. */
    private static final long CONFIG_CHECK_MILLIS = 1000;
    private static final String USAGE =
            "usage: java -jar sluice-node.jar --config FILE [--config FILE ...] [--config-optional FILE ...]";

    private SluiceNode() {
    }

    public static void main(String[] args) {
        List<Path> files = new ArrayList<>();
        Set<Path> optional = new HashSet<>();
        for (int i = 0; i < args.length; i++) {
            if ((args[i].equals("--config") || args[i].equals("-c")) && i + 1 < args.length) {
                files.add(Path.of(args[++i]));
            } else if (args[i].startsWith("--config=")) {
                files.add(Path.of(args[i].substring("--config=".length())));
            } else if (args[i].equals("--config-optional") && i + 1 < args.length) {
                files.add(Path.of(args[++i]));
                optional.add(files.get(files.size() - 1));
            } else if (args[i].startsWith("--config-optional=")) {
                files.add(Path.of(args[i].substring("--config-optional=".length())));
                optional.add(files.get(files.size() - 1));
            } else {
                System.err.println(args[i].equals("--help") ? USAGE : "unknown argument '" + args[i] + "'\n" + USAGE);
                System.exit(args[i].equals("--help") ? 0 : 2);
            }
        }
        try {
            LoadedConfig loaded = ConfigLoader.load(files, optional, System.getenv());
            loaded.warnings().forEach(log::warn);
            optional.stream().filter(Files::notExists).forEach(file ->
                    log.info("optional config file {} does not exist yet; it is loaded when it appears", file));
            Node node = Node.start(loaded.config());
            node.watchConfig(files, optional, System.getenv(), CONFIG_CHECK_MILLIS);
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
