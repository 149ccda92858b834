package io.sluice.node.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.sluice.proto.client.Command;
import io.sluice.proto.client.Publication;
import io.sluice.proto.client.Push;
import io.sluice.proto.client.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;

import static io.sluice.node.protocol.Samples.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Frames near the 64 KiB inbound limit and large reply batches work (no timing asserted). */
class CodecVolumeTest {

    @Test
    void decodesA60KbJsonFrame() throws ProtocolException {
        StringBuilder payload = new StringBuilder("[");
        for (int i = 0; payload.length() < 30_000; i++) {
            payload.append(i > 0 ? "," : "").append("{\"n\":").append(i).append(",\"s\":\"value ").append(i).append("\"}");
        }
        payload.append(']');
        StringBuilder frame = new StringBuilder("{\"id\":1,\"publish\":{\"channel\":\"c\",\"data\":").append(payload).append("}}");
        int commands = 1;
        while (frame.length() < 60_000) {
            frame.append("\n{\"id\":").append(++commands).append(",\"publish\":{\"channel\":\"c\",\"data\":{\"i\":")
                    .append(commands).append("}}}");
        }

        ByteBuf buf = Frames.text(frame.toString());
        List<Command> decoded = ClientCodecs.JSON.decode(buf);
        buf.release();

        assertThat(decoded).hasSize(commands);
        assertThat(decoded.get(0).getPublish().getData().toStringUtf8()).isEqualTo(payload.toString());
        assertThat(decoded.get(commands - 1).getPublish().getData().toStringUtf8()).isEqualTo("{\"i\":" + commands + "}");
    }

    @ParameterizedTest
    @EnumSource(Frames.class)
    void encodesTenThousandPublicationPushes(Frames format) {
        List<Reply> pushes = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            pushes.add(Samples.push(Push.newBuilder().setPub(Publication.newBuilder()
                    .setData(json("{\"seq\":" + i + ",\"text\":\"hello\"}")).setOffset(i).putTags("k", "v"))));
        }

        List<Reply> decoded = format.replies(format.codec.encode(PooledByteBufAllocator.DEFAULT, pushes));

        assertThat(decoded).containsExactlyElementsOf(pushes);
    }
}
