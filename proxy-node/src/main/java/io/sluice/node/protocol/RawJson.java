package io.sluice.node.protocol;

import com.fasterxml.jackson.core.SerializableString;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An embedded JSON payload (a {@code bytes} field) for {@code JsonGenerator.writeRawValue}: the
 * byte generator copies it as is, without decoding it to a String. Raw newlines are removed, as
 * Centrifuge does, because {@code \n} separates replies in a frame; valid JSON has them only as
 * whitespace between tokens. Payloads are not validated: like Centrifuge, Sluice trusts backends
 * to publish JSON to JSON clients.
 */
final class RawJson implements SerializableString {
    private final byte[] bytes;
    private final int offset;
    private final int length;

    private RawJson(byte[] bytes, int offset, int length) {
        this.bytes = bytes;
        this.offset = offset;
        this.length = length;
    }

    static RawJson of(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (bytes[i] == '\n') {
                return withoutNewlines(bytes, offset, length);
            }
        }
        return new RawJson(bytes, offset, length);
    }

    private static RawJson withoutNewlines(byte[] bytes, int offset, int length) {
        byte[] kept = new byte[length];
        int size = 0;
        for (int i = offset; i < offset + length; i++) {
            if (bytes[i] != '\n') {
                kept[size++] = bytes[i];
            }
        }
        return new RawJson(kept, 0, size);
    }

    @Override
    public int appendUnquotedUTF8(byte[] buffer, int at) {
        if (length > buffer.length - at) {
            return -1;
        }
        System.arraycopy(bytes, offset, buffer, at, length);
        return length;
    }

    @Override
    public byte[] asUnquotedUTF8() {
        return Arrays.copyOfRange(bytes, offset, offset + length);
    }

    @Override
    public int writeUnquotedUTF8(OutputStream out) throws IOException {
        out.write(bytes, offset, length);
        return length;
    }

    @Override
    public int putUnquotedUTF8(ByteBuffer buffer) {
        if (length > buffer.remaining()) {
            return -1;
        }
        buffer.put(bytes, offset, length);
        return length;
    }

    /** What character-based generators write. */
    @Override
    public String getValue() {
        return new String(bytes, offset, length, StandardCharsets.UTF_8);
    }

    @Override
    public int charLength() {
        return getValue().length();
    }

    @Override
    public int appendUnquoted(char[] buffer, int at) {
        String value = getValue();
        if (value.length() > buffer.length - at) {
            return -1;
        }
        value.getChars(0, value.length(), buffer, at);
        return value.length();
    }

    // A raw value is never written as a quoted string.

    @Override
    public char[] asQuotedChars() {
        throw new UnsupportedOperationException("raw JSON is not quoted");
    }

    @Override
    public byte[] asQuotedUTF8() {
        throw new UnsupportedOperationException("raw JSON is not quoted");
    }

    @Override
    public int appendQuotedUTF8(byte[] buffer, int at) {
        throw new UnsupportedOperationException("raw JSON is not quoted");
    }

    @Override
    public int appendQuoted(char[] buffer, int at) {
        throw new UnsupportedOperationException("raw JSON is not quoted");
    }

    @Override
    public int writeQuotedUTF8(OutputStream out) {
        throw new UnsupportedOperationException("raw JSON is not quoted");
    }

    @Override
    public int putQuotedUTF8(ByteBuffer buffer) {
        throw new UnsupportedOperationException("raw JSON is not quoted");
    }
}
