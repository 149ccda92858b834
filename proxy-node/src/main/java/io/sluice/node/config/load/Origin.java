package io.sluice.node.config.load;

import io.sluice.node.config.ConfigException;

/**
 * Where a value came from: the file (or {@value #ENVIRONMENT}) and the key as the user wrote it there
 * (for example {@code namespaces[chat].presence}, or the variable name for the environment), so that
 * every error and warning points at something the user can find.
 */
record Origin(String file, String key) {
    static final String ENVIRONMENT = "environment";

    ConfigException error(String reason) {
        return new ConfigException(file, key, reason);
    }

    String warning(String text) {
        return file + ": key '" + key + "' " + text;
    }

    /** The path of {@code name} inside a section labelled {@code label} ("" for the top level). */
    static String path(String label, String name) {
        return label.isEmpty() ? name : label + "." + name;
    }
}
