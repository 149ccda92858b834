package io.sluice.bench.generator.proxied;

import com.google.protobuf.ByteString;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.sluice.bench.common.Payload;
import io.sluice.bench.common.StreamSpec;
import io.sluice.node.protocol.ClientCodecs;
import io.sluice.proto.client.Command;
import io.sluice.proto.client.ConnectResult;
import io.sluice.proto.client.Disconnect;
import io.sluice.proto.client.Error;
import io.sluice.proto.client.Publication;
import io.sluice.proto.client.PublishRequest;
import io.sluice.proto.client.Push;
import io.sluice.proto.client.Reply;
import io.sluice.proto.client.SubscribeRequest;
import io.sluice.proto.client.SubscribeResult;
import io.sluice.proto.client.Unsubscribe;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark's JSON protocol against the node's own JSON codec, both ways. */
class JsonWireTest {

    private static final byte[] PAYLOAD = Payload.encode(123_456_789_012L, 42, 100);

    @Test
    void repliesTheNodeEncodesReadBackWithEveryFieldTheClientsUse() throws Exception {
        List<Reply> replies = List.of(
                Reply.newBuilder().setId(1).setConnect(ConnectResult.newBuilder().setClient("c").setPing(25).setPong(true)
                        .setSession("s3ss10n").setNode("node-1")).build(),
                Reply.newBuilder().setId(2).setSubscribe(SubscribeResult.getDefaultInstance()).build(),
                Reply.newBuilder().setId(3).setError(Error.newBuilder().setCode(103).setMessage("permission denied")).build(),
                Reply.newBuilder().setPush(Push.newBuilder().setChannel("seed:0.7").setPub(Publication.newBuilder()
                        .setData(ByteString.copyFrom(PAYLOAD)).setOffset(9))).build(),
                Reply.newBuilder().setPush(Push.newBuilder().setChannel("seed:0.7").setUnsubscribe(Unsubscribe.newBuilder()
                        .setCode(2500).setReason("stream ended"))).build(),
                Reply.newBuilder().setPush(Push.newBuilder().setDisconnect(Disconnect.newBuilder()
                        .setCode(3001).setReason("shutdown"))).build(),
                Reply.getDefaultInstance());

        List<Reply> read = new java.util.ArrayList<>();
        for (String line : nodeEncoded(replies).split("\n")) {
            read.add(JsonWire.reply(line.getBytes(StandardCharsets.UTF_8)));
        }

        assertThat(read.get(0).getId()).isEqualTo(1);
        assertThat(read.get(0).getConnect()).isEqualTo(ConnectResult.newBuilder().setPing(25).setPong(true)
                .setSession("s3ss10n").setNode("node-1").build());
        assertThat(read.get(1).getId()).isEqualTo(2);
        assertThat(read.get(1).hasSubscribe()).isTrue();
        assertThat(read.get(2)).isEqualTo(replies.get(2));
        Push publication = read.get(3).getPush();
        assertThat(publication.getChannel()).isEqualTo("seed:0.7");
        assertThat(publication.getPub().getData().toByteArray()).isEqualTo(PAYLOAD);
        assertThat(Payload.sentNanos(publication.getPub().getData())).isEqualTo(123_456_789_012L);
        assertThat(Payload.sequence(publication.getPub().getData())).isEqualTo(42);
        assertThat(read.get(4)).isEqualTo(replies.get(4));
        assertThat(read.get(5)).isEqualTo(replies.get(5));
        assertThat(read.get(6)).isEqualTo(Reply.getDefaultInstance());
    }

    @Test
    void commandsAreWhatTheNodeDecodes() throws Exception {
        List<Command> commands = List.of(
                ProxiedConnection.connectCommand(),
                Command.newBuilder().setId(2).setSubscribe(SubscribeRequest.newBuilder().setChannel("seed:0.0")
                        .setData(ByteString.copyFrom(StreamSpec.idle().toJson()))).build(),
                Command.newBuilder().setId(3).setPublish(PublishRequest.newBuilder().setChannel("seedbidi:0.0")
                        .setData(ByteString.copyFrom(PAYLOAD))).build(),
                Command.getDefaultInstance());

        String frame = JsonWire.commands(commands);

        assertThat(frame).doesNotEndWith("\n").contains("\"data\":{\"mode\":\"IDLE\"");
        assertThat(ClientCodecs.JSON.decode(Unpooled.copiedBuffer(frame, StandardCharsets.UTF_8))).isEqualTo(commands);
    }

    private static String nodeEncoded(List<Reply> replies) {
        ByteBuf frame = ClientCodecs.JSON.encode(UnpooledByteBufAllocator.DEFAULT, replies);
        try {
            return frame.toString(StandardCharsets.UTF_8);
        } finally {
            frame.release();
        }
    }
}
