package io.sluice.bench.common;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class PayloadTest {

    @Test
    void carriesTimeAndSequenceInValidJsonOfTheWantedSize() throws Exception {
        byte[] bytes = Payload.encode(123_456_789_012L, 42, 100);
        ByteString data = ByteString.copyFrom(bytes);

        assertThat(bytes).hasSize(100);
        assertThat(Payload.matches(data)).isTrue();
        assertThat(Payload.sentNanos(data)).isEqualTo(123_456_789_012L);
        assertThat(Payload.sequence(data)).isEqualTo(42);
        assertThat(Json.MAPPER.readTree(bytes).get("s").asLong()).isEqualTo(42);
    }

    @Test
    void neverShorterThanItsFixedPart() {
        assertThat(Payload.encode(1, 1, 10)).hasSize(Payload.MIN_SIZE);
    }

    @Test
    void otherDataDoesNotMatch() {
        assertThat(Payload.matches(ByteString.copyFrom("{\"text\":\"hello, this is not a benchmark payload\"}",
                StandardCharsets.UTF_8))).isFalse();
    }
}
