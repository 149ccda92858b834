package io.sluice.bench.common;

import com.google.protobuf.ByteString;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The data of every benchmark message: a JSON object (valid for JSON clients and the server API) with
 * the send time and a per-stream sequence number as zero-padded digits at fixed offsets, padded to
 * the wanted size: {@code {"t":"0000000123456789012","s":"0000000042","p":"aaaa"}}. The time is
 * {@link System#nanoTime()}, which on Linux is CLOCK_MONOTONIC and so comparable between processes
 * of one machine.
 */
public final class Payload {

    private static final String TEMPLATE = "{\"t\":\"0000000000000000000\",\"s\":\"0000000000\",\"p\":\"";
    private static final byte[] FRAME = TEMPLATE.getBytes(StandardCharsets.US_ASCII);
    private static final int TIME_AT = TEMPLATE.indexOf("\"t\":\"") + 5;
    private static final int TIME_DIGITS = 19;
    private static final int SEQ_KEY_AT = TEMPLATE.indexOf("\"s\"") + 1;
    private static final int SEQ_AT = SEQ_KEY_AT + 4;
    private static final int SEQ_DIGITS = 10;
    /** The fixed part and the two closing characters. */
    public static final int MIN_SIZE = FRAME.length + 2;

    private Payload() {
    }

    public static byte[] encode(long sentNanos, long sequence, int size) {
        byte[] bytes = Arrays.copyOf(FRAME, Math.max(MIN_SIZE, size));
        writeDigits(bytes, TIME_AT, TIME_DIGITS, sentNanos);
        writeDigits(bytes, SEQ_AT, SEQ_DIGITS, sequence);
        Arrays.fill(bytes, FRAME.length, bytes.length - 2, (byte) 'a');
        bytes[bytes.length - 2] = '"';
        bytes[bytes.length - 1] = '}';
        return bytes;
    }

    /** Whether {@code data} has this format (a server ping or someone else's message has not). */
    public static boolean matches(ByteString data) {
        return data.size() >= MIN_SIZE && data.byteAt(0) == '{' && data.byteAt(2) == 't' && data.byteAt(SEQ_KEY_AT) == 's';
    }

    public static long sentNanos(ByteString data) {
        return readDigits(data, TIME_AT, TIME_DIGITS);
    }

    public static long sequence(ByteString data) {
        return readDigits(data, SEQ_AT, SEQ_DIGITS);
    }

    private static void writeDigits(byte[] bytes, int at, int digits, long value) {
        long rest = value;
        for (int i = at + digits - 1; i >= at; i--) {
            bytes[i] = (byte) ('0' + rest % 10);
            rest /= 10;
        }
    }

    private static long readDigits(ByteString data, int at, int digits) {
        long value = 0;
        for (int i = at; i < at + digits; i++) {
            value = value * 10 + (data.byteAt(i) - '0');
        }
        return value;
    }
}
