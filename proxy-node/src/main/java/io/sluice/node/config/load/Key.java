package io.sluice.node.config.load;

/** One config key: its name (Centrifugo v5 flat spelling), how its value is read, and its default. */
record Key<T>(String name, ValueType<T> type, T defaultValue) {

    static <T> Key<T> of(String name, ValueType<T> type, T defaultValue) {
        return new Key<>(name, type, defaultValue);
    }

    static Key<Boolean> flag(String name) {
        return new Key<>(name, Types.BOOL, false);
    }

    static Key<String> optional(String name) {
        return new Key<>(name, Types.OPTIONAL_STRING, null);
    }
}
