package io.sluice.bench.generator.proxied;

import com.google.protobuf.ByteString;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.sluice.bench.common.Payload;
import io.sluice.node.protocol.ClientCodec;
import io.sluice.node.protocol.ClientCodecs;
import io.sluice.proto.client.ConnectResult;
import io.sluice.proto.client.Publication;
import io.sluice.proto.client.Push;
import io.sluice.proto.client.Reply;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** A streamed body yields the same replies wherever its chunks end. */
class ResponseBodyTest {

    private static final List<Reply> REPLIES = List.of(
            Reply.newBuilder().setId(1).setConnect(ConnectResult.newBuilder().setSession("s").setNode("n").setPong(true)).build(),
            Reply.getDefaultInstance(),
            publication(0), publication(1), publication(2));

    @ParameterizedTest(name = "chunks of {0} bytes")
    @ValueSource(ints = {1, 2, 3, 7, 64, 100_000})
    void httpStreamingProtobuf(int chunkSize) throws Exception {
        byte[] body = encoded(ClientCodecs.PROTOBUF);

        assertThat(read(ResponseBody::delimited, body, chunkSize)).isEqualTo(REPLIES);
    }

    @ParameterizedTest(name = "chunks of {0} bytes")
    @ValueSource(ints = {1, 2, 3, 7, 64, 100_000})
    void serverSentEvents(int chunkSize) throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII)); // what the node writes first
        for (String line : new String(encoded(ClientCodecs.JSON), StandardCharsets.UTF_8).split("\n")) {
            body.writeBytes(("data: " + line + "\n\n").getBytes(StandardCharsets.UTF_8));
        }

        List<Reply> read = read(ResponseBody::eventStream, body.toByteArray(), chunkSize);

        assertThat(read).hasSize(REPLIES.size());
        assertThat(read.get(0).getConnect().getSession()).isEqualTo("s");
        assertThat(read.get(1)).isEqualTo(Reply.getDefaultInstance());
        for (int i = 2; i < REPLIES.size(); i++) {
            assertThat(Payload.sequence(read.get(i).getPush().getPub().getData())).isEqualTo(i - 2);
        }
    }

    private static List<Reply> read(Supplier<ResponseBody> decoder, byte[] body, int chunkSize) throws Exception {
        ResponseBody reader = decoder.get();
        List<Reply> out = new ArrayList<>();
        for (int at = 0; at < body.length; at += chunkSize) {
            ByteBuf chunk = Unpooled.copiedBuffer(body, at, Math.min(chunkSize, body.length - at));
            reader.read(chunk, out);
            chunk.release();
        }
        reader.release();
        return out;
    }

    private static byte[] encoded(ClientCodec codec) {
        ByteBuf frame = codec.encode(UnpooledByteBufAllocator.DEFAULT, REPLIES);
        try {
            byte[] bytes = new byte[frame.readableBytes()];
            frame.readBytes(bytes);
            return bytes;
        } finally {
            frame.release();
        }
    }

    private static Reply publication(long sequence) {
        return Reply.newBuilder().setPush(Push.newBuilder().setChannel("seed:0.0").setPub(Publication.newBuilder()
                .setData(ByteString.copyFrom(Payload.encode(System.nanoTime(), sequence, 100))))).build();
    }
}
