package io.sluice.node.protocol;

import com.google.protobuf.CodedOutputStream;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte array that protobuf wire data is written into while JSON is being read. Nested
 * messages are written in place and their length prefix is inserted afterwards, so JSON can be
 * converted in one pass without knowing sizes up front. It is an {@link OutputStream} so that a
 * JsonGenerator can write raw JSON payloads straight into it.
 */
final class WireBuffer extends OutputStream {
    private byte[] bytes = new byte[256];
    private int size;

    byte[] array() {
        return bytes;
    }

    int size() {
        return size;
    }

    void varint(long value) {
        ensure(10);
        while ((value & ~0x7FL) != 0) {
            bytes[size++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        bytes[size++] = (byte) value;
    }

    void fixed32(int value) {
        ensure(4);
        for (int i = 0; i < 4; i++) {
            bytes[size++] = (byte) (value >>> (8 * i));
        }
    }

    void fixed64(long value) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            bytes[size++] = (byte) (value >>> (8 * i));
        }
    }

    /** A length-prefixed UTF-8 string (the tag is the caller's). */
    void string(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        varint(utf8.length);
        write(utf8, 0, utf8.length);
    }

    /** Marks where a length-delimited payload starts; pass the mark to {@link #endLengthDelimited}. */
    int beginLengthDelimited() {
        return size;
    }

    /** Moves the payload written since {@code start} right to make room for its length prefix. */
    void endLengthDelimited(int start) {
        int length = size - start;
        int prefix = CodedOutputStream.computeUInt32SizeNoTag(length);
        ensure(prefix);
        System.arraycopy(bytes, start, bytes, start + prefix, length);
        size = start;
        varint(length);
        size += length;
    }

    @Override
    public void write(int b) {
        ensure(1);
        bytes[size++] = (byte) b;
    }

    @Override
    public void write(byte[] source, int offset, int length) {
        ensure(length);
        System.arraycopy(source, offset, bytes, size, length);
        size += length;
    }

    private void ensure(int more) {
        if (bytes.length - size < more) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
