package io.sluice.node;

import io.sluice.node.config.ConfigException;
import io.sluice.node.config.NodeConfig;
import io.sluice.node.config.load.ConfigLoader;
import io.sluice.node.config.load.LoadedConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Re-reads the config files when their content changes and hands a valid new snapshot on; an invalid
 * one is logged and dropped, so the node keeps running on the last good snapshot. Content is compared
 * rather than modification times because Kubernetes updates a mounted ConfigMap by swapping a symlink.
 * A file of {@code optional} that is missing counts as empty, so it is loaded once it appears.
 */
public final class ConfigWatcher implements AutoCloseable {

    /** Outcome of one attempted reload, for the node's metrics. */
    public interface Listener {
        void reloaded(NodeConfig config);

        void rejected(String reason);
    }

    private static final Logger log = LoggerFactory.getLogger(ConfigWatcher.class);

    private final List<Path> files;
    private final Set<Path> optional;
    private final Map<String, String> env;
    private final Listener listener;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "sluice-config-watcher");
        thread.setDaemon(true);
        return thread;
    });
    private List<byte[]> lastSeen;

    public ConfigWatcher(List<Path> files, Set<Path> optional, Map<String, String> env, Listener listener) {
        this.files = List.copyOf(files);
        this.optional = Set.copyOf(optional);
        this.env = env;
        this.listener = listener;
        this.lastSeen = read();
    }

    public void start(long intervalMillis) {
        timer.scheduleWithFixedDelay(this::check, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    /** One look at the files; reloads when any of them changed since the last look. */
    void check() {
        List<byte[]> now = read();
        if (sameContent(now, lastSeen)) {
            return;
        }
        lastSeen = now;
        try {
            LoadedConfig loaded = ConfigLoader.load(files, optional, env);
            loaded.warnings().forEach(log::warn);
            log.info("config reloaded from {}", files);
            listener.reloaded(loaded.config());
        } catch (ConfigException e) {
            log.error("config reload rejected, keeping the previous config: {}", e.getMessage());
            listener.rejected(e.getMessage());
        }
    }

    private List<byte[]> read() {
        List<byte[]> contents = new ArrayList<>(files.size());
        for (Path file : files) {
            try {
                contents.add(Files.readAllBytes(file));
            } catch (IOException e) {
                contents.add(new byte[0]); // A file mid-swap or gone: the loader reports it if it stays so.
            }
        }
        return contents;
    }

    private static boolean sameContent(List<byte[]> a, List<byte[]> b) {
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
