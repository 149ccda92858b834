package io.sluice.node.config.load;

import io.sluice.node.config.NodeConfig;
import java.util.List;

/**
 * A loaded configuration plus the warnings the node should log at startup (superseded seed keys,
 * Centrifugo options Sluice ignores, settings that have no effect).
 */
public record LoadedConfig(NodeConfig config, List<String> warnings) {
    public LoadedConfig {
        warnings = List.copyOf(warnings);
    }
}
