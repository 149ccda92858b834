package io.sluice.node.config.load;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How one kind of value is read: from a JSON/YAML node, and from a {@code SLUICE_*} environment
 * string (turned into the node it stands for, so both paths share one conversion).
 *
 * @param env null when the type cannot be set from the environment (objects)
 */
record ValueType<T>(Converter<JsonNode, T> converter, Converter<String, JsonNode> env) {

    @FunctionalInterface
    interface Converter<A, B> {
        B apply(A value) throws BadValue;
    }

    T convert(JsonNode node) throws BadValue {
        return converter.apply(node);
    }

    JsonNode fromEnv(String text) throws BadValue {
        return env.apply(text);
    }

    boolean envSettable() {
        return env != null;
    }

    /** A refinement of this type: {@code step} checks or transforms non-null values. */
    <R> ValueType<R> then(Converter<T, R> step) {
        return new ValueType<>(node -> {
            T value = converter.apply(node);
            return value == null ? null : step.apply(value);
        }, env);
    }
}
