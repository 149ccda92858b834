package io.sluice.node.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.sluice.proto.client.Command;
import io.sluice.proto.client.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Length-prefixed framing: what decodes, what is refused, and the exact bytes written. */
class ProtobufClientCodecTest {
    private final ClientCodec codec = ClientCodecs.PROTOBUF;

    @Test
    void decodesConcatenatedCommands() throws ProtocolException {
        List<Command> commands = Samples.commands();
        assertThat(decode(Frames.delimited(commands))).containsExactlyElementsOf(commands);
    }

    @Test
    void decodesZeroLengthMessagesAsEmptyCommands() throws ProtocolException {
        assertThat(decode(Unpooled.wrappedBuffer(new byte[] {0}))).containsExactly(Command.getDefaultInstance());
        assertThat(decode(Unpooled.wrappedBuffer(new byte[] {2, 8, 7, 0})))
                .containsExactly(Command.newBuilder().setId(7).build(), Command.getDefaultInstance());
    }

    @Test
    void decodesDirectAndCompositeFrames() throws ProtocolException {
        List<Command> commands = Samples.commands();
        byte[] bytes = ByteBufUtil.getBytes(Frames.delimited(commands));
        ByteBuf direct = Unpooled.directBuffer().writeBytes(bytes);
        assertThat(decode(direct)).containsExactlyElementsOf(commands);

        // Aggregated WebSocket fragments arrive as a composite; split one message across components.
        int split = bytes.length / 2 + 1;
        CompositeByteBuf composite = Unpooled.compositeBuffer()
                .addComponent(true, Unpooled.directBuffer().writeBytes(bytes, 0, split))
                .addComponent(true, Unpooled.wrappedBuffer(bytes, split, bytes.length - split));
        assertThat(decode(composite)).containsExactlyElementsOf(commands);
    }

    @Test
    void decodedCommandsDoNotShareTheFramesMemory() throws ProtocolException {
        Command command = Samples.commands().get(1);
        ByteBuf frame = Frames.delimited(List.of(command));
        List<Command> decoded = codec.decode(frame);
        frame.setZero(0, frame.capacity());
        frame.release();
        assertThat(decoded).containsExactly(command);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "|empty frame",
            "80|malformed protobuf",
            "ffffffffffffffffffff01|malformed protobuf",
            "05 0801|past the end of the frame",
            "04 0801|past the end of the frame",
            "02 0801 03|past the end of the frame",
            "03 ffffff|malformed protobuf",
            "02 0801 02 2201|malformed protobuf",
            "01 0c|malformed protobuf",
            "01 07|malformed protobuf"})
    void refusesMalformedFrames(String hex, String reason) {
        ByteBuf frame = Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex == null ? "" : hex.replace(" ", "")));
        assertThatThrownBy(() -> codec.decode(frame)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining(reason);
        frame.release();
    }

    @Test
    void encodesTheServerPingAsOneZeroByte() {
        assertThat(hex(codec.encode(UnpooledByteBufAllocator.DEFAULT, Reply.getDefaultInstance()))).isEqualTo("00");
    }

    @Test
    void prefixesEveryReplyWithItsLength() {
        ByteBuf frame = codec.encode(UnpooledByteBufAllocator.DEFAULT, List.of(
                Reply.newBuilder().setId(1).build(), Reply.getDefaultInstance(), Reply.newBuilder().setId(300).build()));
        assertThat(hex(frame)).isEqualTo("02" + "0801" + "00" + "03" + "08ac02");
    }

    @Test
    void writesIntoAnExactlySizedBuffer() {
        for (ByteBufAllocator alloc : List.of(PooledByteBufAllocator.DEFAULT, UnpooledByteBufAllocator.DEFAULT)) {
            ByteBuf frame = codec.encode(alloc, Samples.replies());
            assertThat(frame.capacity()).isEqualTo(frame.readableBytes());
            assertThat(frame.maxCapacity()).isEqualTo(frame.readableBytes());
            assertThat(Frames.PROTOBUF.replies(frame)).containsExactlyElementsOf(Samples.replies());
        }
    }

    private List<Command> decode(ByteBuf frame) throws ProtocolException {
        try {
            return codec.decode(frame);
        } finally {
            frame.release();
        }
    }

    private static String hex(ByteBuf frame) {
        try {
            return ByteBufUtil.hexDump(frame);
        } finally {
            frame.release();
        }
    }
}
