package io.sluice.node.config.load;

import io.sluice.node.config.ConfigException;
import io.sluice.node.config.load.Keys.Scope;
import io.sluice.node.config.load.RawConfig.RawSection;
import io.sluice.node.config.load.RawConfig.RawValue;
import java.util.List;

/**
 * A typed view of one scope (the top level, a namespace or a stream backend): reads keys by their
 * {@link Key} and turns bad values into ConfigExceptions naming the file and key they came from.
 */
final class Section {
    private final RawSection raw;

    Section(RawSection raw) {
        this.raw = raw;
    }

    String label() {
        return raw.label();
    }

    /** The value of {@code key}, or its default when absent, null, or an empty optional string. */
    <T> T get(Key<T> key) throws ConfigException {
        RawValue value = raw.values().get(key.name());
        if (value == null || value.isNull()) {
            return key.defaultValue();
        }
        try {
            T converted = key.type().convert(value.node());
            return converted == null ? key.defaultValue() : converted;
        } catch (BadValue e) {
            throw value.origin().error(e.getMessage());
        }
    }

    /** {@code key}'s value, or {@code fallback} when this spelling has no such key (key is null). */
    <T> T get(Key<T> key, T fallback) throws ConfigException {
        return key == null ? fallback : get(key);
    }

    boolean isSet(Key<?> key) {
        RawValue value = raw.values().get(key.name());
        return value != null && !value.isNull();
    }

    /** Where {@code name} was set, or where it would belong (this section's file) when it is absent. */
    Origin origin(String name) {
        RawValue value = raw.values().get(name);
        return value != null ? value.origin() : new Origin(raw.file(), Origin.path(raw.label(), name));
    }

    Origin origin(Key<?> key) {
        return origin(key.name());
    }

    /** Whether a key Sluice does not read is switched on: {@code true}, a non-empty string or a non-empty list. */
    boolean enabled(String name) {
        RawValue value = raw.values().get(name);
        return value != null && (value.node().isBoolean() && value.node().booleanValue()
                || value.node().isTextual() && !value.node().textValue().isEmpty()
                || value.node().isArray() && !value.node().isEmpty());
    }

    /**
     * Checks every key of this section against the tables of {@code scope}: acted-on keys must have a
     * valid value, ignored Centrifugo keys and superseded spellings get one warning each, anything
     * else is refused.
     */
    void check(Scope scope, List<String> warnings) throws ConfigException {
        for (var entry : raw.values().entrySet()) {
            String name = entry.getKey();
            RawValue value = entry.getValue();
            Key<?> key = Keys.acted(scope, name);
            if (key != null) {
                get(key);
                if (!value.written().equals(name)) {
                    warnings.add(value.origin().warning("is a superseded seed-000 key: use '" + name
                            + "' (seed 001) instead; read as '" + name + "'"));
                }
                continue;
            }
            String unsupported = Keys.unsupported(scope, name);
            if (unsupported != null && enabled(name)) {
                throw value.origin().error(unsupported);
            }
            if (unsupported == null && !Keys.ignored(scope, name)) {
                throw value.origin().error(Keys.unknownReason(scope, value.written()));
            }
            warnings.add(value.origin().warning("is a Centrifugo option Sluice does not use; ignored"));
        }
    }
}
