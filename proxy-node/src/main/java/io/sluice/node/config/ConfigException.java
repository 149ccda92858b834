package io.sluice.node.config;

/** A configuration the node refuses to start with; the message names file, key and reason. */
public final class ConfigException extends Exception {
    public ConfigException(String file, String key, String reason) {
        super("config error in " + file + ": key '" + key + "': " + reason);
    }

    public ConfigException(String message) {
        super(message);
    }
}
