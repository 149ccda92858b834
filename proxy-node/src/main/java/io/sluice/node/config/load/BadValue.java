package io.sluice.node.config.load;

import com.fasterxml.jackson.databind.JsonNode;

/** A value of the wrong shape; the caller knows the {@link Origin} and turns it into a ConfigException. */
final class BadValue extends Exception {
    BadValue(String reason) {
        super(reason, null, false, false);
    }

    static BadValue expected(String what, JsonNode got) {
        return new BadValue("expected " + what + ", got " + describe(got));
    }

    /** A short description of a JSON value for messages: its type and, for scalars, the value. */
    static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return switch (node.getNodeType()) {
            case STRING -> "string \"" + node.textValue() + "\"";
            case NUMBER -> "number " + node.asText();
            case BOOLEAN -> "boolean " + node.asText();
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
