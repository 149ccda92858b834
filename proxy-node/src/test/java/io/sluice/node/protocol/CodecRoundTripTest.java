package io.sluice.node.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.sluice.proto.client.Command;
import io.sluice.proto.client.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every message kind survives both formats unchanged, one per frame and all in one frame. */
class CodecRoundTripTest {
    private static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;

    @ParameterizedTest
    @EnumSource(Frames.class)
    void decodesEachCommandKind(Frames format) throws ProtocolException {
        for (Command command : Samples.commands()) {
            assertThat(decode(format, List.of(command))).containsExactly(command);
        }
    }

    @ParameterizedTest
    @EnumSource(Frames.class)
    void decodesAllCommandKindsInOneFrame(Frames format) throws ProtocolException {
        assertThat(decode(format, Samples.commands())).containsExactlyElementsOf(Samples.commands());
    }

    @ParameterizedTest
    @EnumSource(Frames.class)
    void encodesEachReplyKind(Frames format) {
        for (Reply reply : Samples.replies()) {
            assertThat(format.replies(format.codec.encode(ALLOC, reply))).containsExactly(reply);
        }
    }

    @ParameterizedTest
    @EnumSource(Frames.class)
    void encodesAllReplyKindsInOneFrame(Frames format) {
        assertThat(format.replies(format.codec.encode(ALLOC, Samples.replies())))
                .containsExactlyElementsOf(Samples.replies());
    }

    @ParameterizedTest
    @EnumSource(Frames.class)
    void encodesNoRepliesAsAnEmptyFrame(Frames format) {
        ByteBuf frame = format.codec.encode(ALLOC, List.of());
        assertThat(frame.readableBytes()).isZero();
        frame.release();
    }

    @Test
    void codecsAreFoundByTheirNames() {
        assertThat(ClientCodecs.forName("json")).isSameAs(ClientCodecs.JSON);
        assertThat(ClientCodecs.forName("protobuf")).isSameAs(ClientCodecs.PROTOBUF);
        assertThat(ClientCodecs.JSON.binaryFrames()).isFalse();
        assertThat(ClientCodecs.PROTOBUF.binaryFrames()).isTrue();
        assertThatThrownBy(() -> ClientCodecs.forName("xml")).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<Command> decode(Frames format, List<Command> commands) throws ProtocolException {
        ByteBuf frame = format.commands(commands);
        try {
            return format.codec.decode(frame);
        } finally {
            frame.release();
        }
    }
}
