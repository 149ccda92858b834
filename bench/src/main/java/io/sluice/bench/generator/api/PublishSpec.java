package io.sluice.bench.generator.api;

import io.sluice.bench.common.StreamKind;

/**
 * Server-API publications at a fixed total rate, spread round-robin over the plain channels
 * {@code plain:0.0 .. plain:(channels-1).0} (one per subscriber of the broadcast scenario).
 */
public record PublishSpec(String host, int port, String apiKey, int channels, double rate, int size) {

    String channel(long sequence) {
        return StreamKind.PLAIN.channel((int) (sequence % channels), 0);
    }
}
