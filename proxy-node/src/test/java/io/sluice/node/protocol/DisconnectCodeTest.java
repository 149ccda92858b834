package io.sluice.node.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class DisconnectCodeTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1000, 1005, 2000, 2999, 5000, 65535, -1})
    void aCodeOutsideTheApplicationRangesBecomesInternal(int code) {
        assertThat(new DisconnectCode(code, "whatever").forCloseFrame()).isEqualTo(DisconnectCode.INTERNAL);
    }

    @ParameterizedTest
    @ValueSource(ints = {3000, 3503, 4000, 4999})
    void aCodeInsideTheRangesIsKept(int code) {
        assertThat(new DisconnectCode(code, "kept").forCloseFrame()).isEqualTo(new DisconnectCode(code, "kept"));
    }

    @Test
    void aLongReasonIsCutAtACharacterBoundary() {
        // 61 two-byte characters are 122 bytes; the 62nd would end at byte 124, so it goes entirely.
        String reason = "é".repeat(100);
        String cut = new DisconnectCode(4000, reason).forCloseFrame().reason();
        assertThat(cut).isEqualTo("é".repeat(61));
        assertThat(cut.getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(DisconnectCode.MAX_REASON_BYTES);

        String emoji = "a" + "😀".repeat(40); // 1 + 4 per emoji: the 31st would end at byte 125
        assertThat(new DisconnectCode(4000, emoji).forCloseFrame().reason()).isEqualTo("a" + "😀".repeat(30));

        String ascii = "x".repeat(123);
        assertThat(new DisconnectCode(4000, ascii + "y").forCloseFrame().reason()).isEqualTo(ascii);
        assertThat(DisconnectCode.fitsCloseFrame(ascii)).isTrue();
        assertThat(DisconnectCode.fitsCloseFrame(ascii + "y")).isFalse();
    }
}
