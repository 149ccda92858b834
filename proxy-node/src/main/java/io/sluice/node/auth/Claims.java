package io.sluice.node.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.node.auth.TokenException.Reason;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Typed access to a verified JWT claims set. A claim that is absent or JSON {@code null} reads as
 * absent; a claim of the wrong JSON type makes the whole token INVALID, as it does in Centrifugo.
 */
final class Claims {

    private final ObjectMapper mapper;
    private final JsonNode claims;

    private Claims(ObjectMapper mapper, JsonNode claims) {
        this.mapper = mapper;
        this.claims = claims;
    }

    static Claims parse(ObjectMapper mapper, byte[] payload) throws TokenException {
        JsonNode node;
        try {
            node = mapper.readTree(payload);
        } catch (IOException e) {
            throw invalid("claims are not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw invalid("claims are not a JSON object");
        }
        return new Claims(mapper, node);
    }

    /** A string claim, or null if absent. */
    String string(String name) throws TokenException {
        JsonNode value = get(name);
        if (value != null && !value.isTextual()) {
            throw wrongType(name, "a string");
        }
        return value == null ? null : value.textValue();
    }

    /**
     * A user id claim: a string, or a number taken as its decimal text (Centrifugo reads a custom
     * user id claim leniently, so numeric ids such as {@code "user_id": 42} work); "" if absent.
     */
    String userId(String name, boolean allowNumber) throws TokenException {
        JsonNode value = get(name);
        if (value == null) {
            return "";
        }
        if (allowNumber && value.isNumber()) {
            return value.decimalValue().stripTrailingZeros().toPlainString();
        }
        if (!value.isTextual()) {
            throw wrongType(name, allowNumber ? "a string or a number" : "a string");
        }
        return value.textValue();
    }

    /** A JSON integer claim (Centrifugo's {@code expire_at} is an int64), or null if absent. */
    Long integer(String name) throws TokenException {
        JsonNode value = get(name);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw wrongType(name, "an integer");
        }
        return value.longValue();
    }

    /** A NumericDate claim (seconds, fractions allowed), or null if absent. */
    BigDecimal numericDate(String name) throws TokenException {
        JsonNode value = get(name);
        if (value == null) {
            return null;
        }
        if (!value.isNumber()) {
            throw wrongType(name, "a number");
        }
        return value.decimalValue();
    }

    /** Whole seconds of a NumericDate, as Go's {@code time.Unix()}. */
    static long unixSeconds(String name, BigDecimal date) throws TokenException {
        try {
            return date.setScale(0, RoundingMode.FLOOR).longValueExact();
        } catch (ArithmeticException e) {
            throw invalid("claim '" + name + "' is out of range");
        }
    }

    /** Any JSON value as compact JSON bytes, or null if absent. */
    byte[] json(String name) throws TokenException {
        JsonNode value = get(name);
        if (value == null) {
            return null;
        }
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw invalid("claim '" + name + "' can not be re-encoded");
        }
    }

    /** A standard base64 string claim decoded, or null if absent or empty. */
    byte[] base64(String name) throws TokenException {
        String value = string(name);
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw invalid("claim '" + name + "' is not valid base64");
        }
    }

    /** A list-of-strings claim; empty if absent. */
    List<String> strings(String name) throws TokenException {
        JsonNode value = get(name);
        if (value == null) {
            return List.of();
        }
        if (!value.isArray()) {
            throw wrongType(name, "an array of strings");
        }
        List<String> result = new ArrayList<>(value.size());
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw wrongType(name, "an array of strings");
            }
            result.add(item.textValue());
        }
        return List.copyOf(result);
    }

    /** The {@code aud} claim, a string or an array of strings, as a list; empty if absent. */
    List<String> audience() throws TokenException {
        JsonNode value = get("aud");
        if (value != null && value.isTextual()) {
            return List.of(value.textValue());
        }
        return strings("aud");
    }

    private JsonNode get(String name) {
        JsonNode value = claims.get(name);
        return value == null || value.isNull() ? null : value;
    }

    static TokenException invalid(String message) {
        return new TokenException(Reason.INVALID, message);
    }

    private static TokenException wrongType(String name, String expected) {
        return invalid("claim '" + name + "' must be " + expected);
    }
}
