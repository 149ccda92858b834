package io.sluice.node.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.google.protobuf.CodedOutputStream;

import java.io.IOException;
import java.math.BigInteger;

/** Reads a JSON object with a streaming parser and writes the same message as protobuf wire bytes. */
final class JsonToWire {
    /** Re-serializes embedded JSON payloads compactly (no newlines, which delimit commands). */
    private static final JsonFactory PAYLOADS = new JsonFactory();

    private JsonToWire() {
    }

    /** Converts the fields of the object whose START_OBJECT the parser is on. */
    static void message(JsonParser p, MessageSchema schema, WireBuffer out) throws IOException, ProtocolException {
        for (String key = p.nextFieldName(); key != null; key = p.nextFieldName()) {
            JsonToken token = p.nextToken();
            FieldSchema field = schema.field(key);
            if (field == null) {
                p.skipChildren(); // newer SDKs send fields this schema does not have
            } else if (token != JsonToken.VALUE_NULL) {
                if (field.map) {
                    map(p, field, out);
                } else if (field.repeated) {
                    array(p, field, out);
                } else {
                    value(p, field, out);
                }
            }
        }
    }

    private static void array(JsonParser p, FieldSchema field, WireBuffer out) throws IOException, ProtocolException {
        expect(p, JsonToken.START_ARRAY, field, "an array");
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.VALUE_NULL) {
                value(p, field, out); // unpacked: parsers accept both forms for packable fields
            }
        }
    }

    private static void map(JsonParser p, FieldSchema field, WireBuffer out) throws IOException, ProtocolException {
        expect(p, JsonToken.START_OBJECT, field, "an object");
        for (String key = p.nextFieldName(); key != null; key = p.nextFieldName()) {
            out.varint(field.tag);
            int entry = out.beginLengthDelimited();
            mapKey(key, field.mapKey, out);
            if (p.nextToken() != JsonToken.VALUE_NULL) {
                value(p, field.mapValue, out);
            }
            out.endLengthDelimited(entry);
        }
    }

    /** Writes the tag and value of the field from the parser's current token. */
    private static void value(JsonParser p, FieldSchema field, WireBuffer out) throws IOException, ProtocolException {
        out.varint(field.tag);
        switch (field.type) {
            case MESSAGE -> {
                expect(p, JsonToken.START_OBJECT, field, "an object");
                int start = out.beginLengthDelimited();
                message(p, field.message(), out);
                out.endLengthDelimited(start);
            }
            case BYTES -> {
                int start = out.beginLengthDelimited();
                try (JsonGenerator payload = PAYLOADS.createGenerator(out)) {
                    payload.copyCurrentStructureExact(p); // exact: numbers keep their precision
                }
                out.endLengthDelimited(start);
            }
            case STRING -> {
                expect(p, JsonToken.VALUE_STRING, field, "a string");
                out.string(p.getText());
            }
            case BOOL -> out.varint(bool(p, field) ? 1 : 0);
            case FLOAT -> out.fixed32(Float.floatToRawIntBits((float) floating(p, field)));
            case DOUBLE -> out.fixed64(Double.doubleToRawLongBits(floating(p, field)));
            default -> integer(field, integer(p, field), out);
        }
    }

    /** JSON object keys are strings; map keys may be strings, integers or booleans. */
    private static void mapKey(String key, FieldSchema field, WireBuffer out) throws ProtocolException {
        out.varint(field.tag);
        switch (field.type) {
            case STRING -> out.string(key);
            case BOOL -> {
                if (!key.equals("true") && !key.equals("false")) {
                    throw mismatch(field, "a boolean key");
                }
                out.varint(key.equals("true") ? 1 : 0);
            }
            default -> integer(field, integer(key, field), out);
        }
    }

    private static boolean bool(JsonParser p, FieldSchema field) throws ProtocolException {
        return switch (p.currentToken()) {
            case VALUE_TRUE -> true;
            case VALUE_FALSE -> false;
            default -> throw mismatch(field, "a boolean");
        };
    }

    private static double floating(JsonParser p, FieldSchema field) throws IOException, ProtocolException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
            return p.getDoubleValue();
        }
        if (token == JsonToken.VALUE_STRING) {
            try {
                return Double.parseDouble(p.getText()); // also "NaN" and "Infinity"
            } catch (NumberFormatException e) {
                throw mismatch(field, "a number");
            }
        }
        throw mismatch(field, "a number");
    }

    /** The value as a long; uint64 values above Long.MAX_VALUE wrap to negative, as in protobuf-java. */
    private static long integer(JsonParser p, FieldSchema field) throws IOException, ProtocolException {
        return switch (p.currentToken()) {
            case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? fromBig(p.getBigIntegerValue(), field)
                    : inRange(p.getLongValue(), field);
            case VALUE_STRING -> integer(p.getText(), field); // 64-bit values may come quoted
            default -> throw mismatch(field, "an integer");
        };
    }

    private static long integer(String text, FieldSchema field) throws ProtocolException {
        try {
            return inRange(Long.parseLong(text), field);
        } catch (NumberFormatException notLong) {
            try {
                return fromBig(new BigInteger(text), field);
            } catch (NumberFormatException notInteger) {
                throw mismatch(field, "an integer");
            }
        }
    }

    private static long fromBig(BigInteger value, FieldSchema field) throws ProtocolException {
        if (field.unsigned64 && value.signum() >= 0 && value.bitLength() <= 64) {
            return value.longValue();
        }
        throw outOfRange(field, value);
    }

    private static long inRange(long value, FieldSchema field) throws ProtocolException {
        boolean fits = switch (field.type) {
            case INT32, SINT32, SFIXED32, ENUM -> value == (int) value;
            case UINT32, FIXED32 -> value >>> 32 == 0;
            case UINT64, FIXED64 -> value >= 0;
            default -> true;
        };
        if (!fits) {
            throw outOfRange(field, value);
        }
        return value;
    }

    /** Writes an integer value (already range-checked) in the field type's encoding. */
    private static void integer(FieldSchema field, long value, WireBuffer out) {
        switch (field.type) {
            case SINT32 -> out.varint(CodedOutputStream.encodeZigZag32((int) value) & 0xFFFFFFFFL);
            case SINT64 -> out.varint(CodedOutputStream.encodeZigZag64(value));
            case FIXED32, SFIXED32 -> out.fixed32((int) value);
            case FIXED64, SFIXED64 -> out.fixed64(value);
            default -> out.varint(value); // int32 and enums sign-extended, as protobuf does
        }
    }

    private static void expect(JsonParser p, JsonToken token, FieldSchema field, String what) throws ProtocolException {
        if (p.currentToken() != token) {
            throw mismatch(field, what);
        }
    }

    private static ProtocolException mismatch(FieldSchema field, String what) {
        return new ProtocolException(field.name + ": expected " + what);
    }

    private static ProtocolException outOfRange(FieldSchema field, Object value) {
        return new ProtocolException(field.name + ": " + value + " is out of range for " + field.type);
    }
}
