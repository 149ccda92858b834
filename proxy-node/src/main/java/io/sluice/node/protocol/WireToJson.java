package io.sluice.node.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Writes protobuf wire bytes as a JSON object with a streaming generator. Expects what protobuf
 * serializers produce: fields in number order and the elements of a repeated field next to each
 * other, so each field becomes one JSON key. Proto3 serializers leave out default scalars, so
 * those are omitted without looking at values; a set message field is present even when empty.
 */
final class WireToJson {
    private WireToJson() {
    }

    /** Reads fields up to the current limit (or the end) and writes them as one object. */
    static void message(CodedInputStream in, MessageSchema schema, JsonGenerator g) throws IOException {
        g.writeStartObject();
        FieldSchema open = null; // repeated field whose array or object is still open
        int nextDefault = 0;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            FieldSchema field = schema.field(WireFormat.getTagFieldNumber(tag));
            if (field == null) {
                in.skipField(tag);
                continue;
            }
            if (field != open) {
                close(open, g);
                nextDefault = writeDefaults(schema.alwaysEmitted, nextDefault, field, g);
                g.writeFieldName(field.jsonName);
                open = open(field, g);
            }
            element(in, tag, field, g);
        }
        close(open, g);
        writeDefaults(schema.alwaysEmitted, nextDefault, null, g);
        g.writeEndObject();
    }

    /**
     * Writes the always-emitted fields numbered below {@code present} (all remaining ones if it is
     * null) as defaults, skipping {@code present} itself; returns the index to continue from.
     */
    private static int writeDefaults(FieldSchema[] defaults, int from, FieldSchema present, JsonGenerator g)
            throws IOException {
        int next = from;
        while (next < defaults.length && (present == null || defaults[next].number <= present.number)) {
            FieldSchema field = defaults[next++];
            if (field != present) {
                g.writeFieldName(field.jsonName);
                writeDefault(field, g);
            }
        }
        return next;
    }

    /** Starts the object of a map or the array of a list; returns the field, or null if it is singular. */
    private static FieldSchema open(FieldSchema field, JsonGenerator g) throws IOException {
        if (field.map) {
            g.writeStartObject();
        } else if (field.repeated) {
            g.writeStartArray();
        } else {
            return null;
        }
        return field;
    }

    private static void close(FieldSchema open, JsonGenerator g) throws IOException {
        if (open == null) {
            return;
        }
        if (open.map) {
            g.writeEndObject();
        } else {
            g.writeEndArray();
        }
    }

    /** One wire record: a value, a map entry, or a packed run of scalars. */
    private static void element(CodedInputStream in, int tag, FieldSchema field, JsonGenerator g) throws IOException {
        if (field.map) {
            mapEntry(in, field, g);
        } else if (field.packable && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
            int limit = in.pushLimit(in.readRawVarint32());
            while (in.getBytesUntilLimit() > 0) {
                value(in, field, g);
            }
            in.popLimit(limit);
        } else {
            value(in, field, g);
        }
    }

    private static void value(CodedInputStream in, FieldSchema field, JsonGenerator g) throws IOException {
        switch (field.type) {
            case MESSAGE -> {
                int limit = in.pushLimit(in.readRawVarint32());
                message(in, field.message(), g);
                in.popLimit(limit);
            }
            case BYTES -> {
                ByteBuffer payload = in.readByteBuffer();
                if (payload.hasRemaining()) {
                    g.writeRawValue(RawJson.of(payload.array(), payload.arrayOffset() + payload.position(),
                            payload.remaining()));
                } else {
                    g.writeNull(); // empty bytes in a list or map: there is no JSON value to embed
                }
            }
            case STRING -> {
                ByteBuffer utf8 = in.readByteBuffer();
                g.writeUTF8String(utf8.array(), utf8.arrayOffset() + utf8.position(), utf8.remaining());
            }
            case BOOL -> g.writeBoolean(in.readBool());
            case FLOAT -> g.writeNumber(in.readFloat());
            case DOUBLE -> g.writeNumber(in.readDouble());
            default -> {
                long value = integer(in, field);
                if (field.unsigned64 && value < 0) {
                    g.writeNumber(Long.toUnsignedString(value));
                } else {
                    g.writeNumber(value);
                }
            }
        }
    }

    /**
     * Map entries are small messages {key = 1, value = 2}, written in that order; either may be
     * left out when it holds the default (DynamicMessage does that, generated code does not).
     */
    private static void mapEntry(CodedInputStream in, FieldSchema field, JsonGenerator g) throws IOException {
        int limit = in.pushLimit(in.readRawVarint32());
        int tag = in.readTag();
        if (tag == field.mapKey.tag) {
            g.writeFieldName(mapKey(in, field.mapKey));
            tag = in.readTag();
        } else {
            g.writeFieldName(defaultKey(field.mapKey));
        }
        if (tag == field.mapValue.tag) {
            value(in, field.mapValue, g);
        } else {
            writeDefault(field.mapValue, g);
            if (tag != 0) {
                in.skipField(tag); // unknown fields come last, after the value
            }
        }
        in.skipMessage();
        in.popLimit(limit);
    }

    private static String mapKey(CodedInputStream in, FieldSchema field) throws IOException {
        return switch (field.type) {
            case STRING -> in.readStringRequireUtf8();
            case BOOL -> String.valueOf(in.readBool());
            default -> {
                long value = integer(in, field);
                yield field.unsigned64 ? Long.toUnsignedString(value) : Long.toString(value);
            }
        };
    }

    private static String defaultKey(FieldSchema field) {
        return switch (field.type) {
            case STRING -> "";
            case BOOL -> "false";
            default -> "0";
        };
    }

    /** The JSON for a field holding its default value, for fields that must always be present. */
    private static void writeDefault(FieldSchema field, JsonGenerator g) throws IOException {
        if (field.map) {
            g.writeStartObject();
            g.writeEndObject();
        } else if (field.repeated) {
            g.writeStartArray();
            g.writeEndArray();
        } else {
            switch (field.type) {
                case MESSAGE -> {
                    g.writeStartObject();
                    g.writeEndObject();
                }
                case BYTES -> g.writeNull();
                case STRING -> g.writeString("");
                case BOOL -> g.writeBoolean(false);
                default -> g.writeNumber(0);
            }
        }
    }

    /** An integer-typed value as a long; unsigned 32-bit values are widened without sign. */
    private static long integer(CodedInputStream in, FieldSchema field) throws IOException {
        return switch (field.type) {
            case INT32, ENUM -> in.readInt32();
            case SINT32 -> in.readSInt32();
            case SFIXED32 -> in.readSFixed32();
            case UINT32 -> Integer.toUnsignedLong(in.readUInt32());
            case FIXED32 -> Integer.toUnsignedLong(in.readFixed32());
            case INT64, UINT64 -> in.readRawVarint64();
            case SINT64 -> in.readSInt64();
            case SFIXED64 -> in.readSFixed64();
            case FIXED64 -> in.readFixed64();
            default -> throw new IllegalArgumentException(field.name + " is not an integer field");
        };
    }
}
