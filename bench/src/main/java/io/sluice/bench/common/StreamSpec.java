package io.sluice.bench.common;

import com.fasterxml.jackson.core.JsonProcessingException;

import java.io.IOException;

/**
 * What the benchmark backend does on one subscription stream, sent by the generator as the subscribe
 * {@code data}, so one backend serves every scenario and the proxied and direct runs ask for the same.
 *
 * @param mode what to send after accepting
 * @param size bytes per message (at least {@link Payload#MIN_SIZE})
 * @param rate messages per second for {@link Mode#PACED}
 */
public record StreamSpec(Mode mode, int size, double rate) {

    public enum Mode {
        /** Accept, then send nothing: memory and set-up scenarios. */
        IDLE,
        /** Send as fast as gRPC flow control lets us: throughput. */
        FLOOD,
        /** Send at {@code rate} per second: latency at a fixed load. */
        PACED,
        /** Send back every client publication (bidirectional streams). */
        ECHO
    }

    public static StreamSpec idle() {
        return new StreamSpec(Mode.IDLE, Payload.MIN_SIZE, 0);
    }

    public byte[] toJson() {
        try {
            return Json.MAPPER.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @throws IOException when {@code json} is not a stream spec */
    public static StreamSpec fromJson(byte[] json) throws IOException {
        return Json.MAPPER.readValue(json, StreamSpec.class);
    }
}
