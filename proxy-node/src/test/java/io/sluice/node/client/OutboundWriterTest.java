package io.sluice.node.client;

import com.google.protobuf.ByteString;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.sluice.node.config.NodeConfig;
import io.sluice.node.metrics.NodeMetrics;
import io.sluice.node.protocol.ClientCodecs;
import io.sluice.node.transport.WebSocketTransport;
import io.sluice.proto.client.Message;
import io.sluice.proto.client.PingResult;
import io.sluice.proto.client.Push;
import io.sluice.proto.client.Reply;
import io.sluice.proto.client.SubscribeResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The writer alone on an {@link EmbeddedChannel}: the test thread is the event loop. */
class OutboundWriterTest {

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final NodeMetrics metrics = new NodeMetrics();
    private int tooSlow;
    private final OutboundWriter out;

    OutboundWriterTest() throws Exception {
        NodeConfig config = SessionHarness.config("\"client_queue_max_size\": 64");
        out = new OutboundWriter(new WebSocketTransport(channel, false, metrics), ClientCodecs.JSON, metrics, () -> config,
                () -> tooSlow++, () -> { });
    }

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
        metrics.close();
    }

    private static Reply message(String data) {
        return Reply.newBuilder().setPush(Push.newBuilder().setMessage(Message.newBuilder()
                .setData(ByteString.copyFromUtf8(data)))).build();
    }

    private static Reply ping(int id) {
        return Reply.newBuilder().setId(id).setPing(PingResult.getDefaultInstance()).build();
    }

    private List<String> frames() {
        channel.runPendingTasks();
        List<String> frames = new ArrayList<>();
        TextWebSocketFrame frame;
        while ((frame = channel.readOutbound()) != null) {
            frames.add(frame.text());
            frame.release();
        }
        return frames;
    }

    @Test
    void streamMessagesOfOnePassGoOutAsOneFrameBeforeWhatFollows() {
        out.batch(message("1"));
        out.batch(message("2"));
        out.write(List.of(ping(7)));
        out.batch(message("3"));
        assertThat(frames()).containsExactly(
                "{\"push\":{\"message\":{\"data\":1}}}\n{\"push\":{\"message\":{\"data\":2}}}",
                "{\"id\":7,\"ping\":{}}",
                "{\"push\":{\"message\":{\"data\":3}}}");
    }

    @Test
    void pushesWaitBehindTheirSubscriptionsReply() {
        ReplyOrder order = new ReplyOrder();
        ReplyOrder.Slot slot = order.reserve();
        Subscription sub = new Subscription("c", false, false, false, null, null, 0);
        out.holdUntilWritten(sub, slot);
        out.batch(sub, message("1"));
        assertThat(frames()).isEmpty();
        order.answer(slot, Reply.newBuilder().setId(3).setSubscribe(SubscribeResult.getDefaultInstance()).build());
        out.writeDue(order.takeAnswered());
        assertThat(frames()).containsExactly("{\"id\":3,\"subscribe\":{}}\n{\"push\":{\"message\":{\"data\":1}}}");
        out.batch(sub, message("2"));
        assertThat(frames()).containsExactly("{\"push\":{\"message\":{\"data\":2}}}");
    }

    @Test
    void heldPushesCountAgainstTheQueueLimit() {
        ReplyOrder.Slot slot = new ReplyOrder().reserve();
        Subscription sub = new Subscription("c", false, false, false, null, null, 0);
        out.holdUntilWritten(sub, slot);
        out.batch(sub, message("\"" + "x".repeat(40) + "\""));
        assertThat(tooSlow).isZero();
        out.batch(sub, message("\"" + "x".repeat(40) + "\""));
        assertThat(tooSlow).isEqualTo(1);
    }

    @Test
    void aClosedWriterSendsNothingNotEvenWhatWasBatched() {
        out.batch(message("1"));
        out.close();
        out.write(List.of(ping(1)));
        assertThat(frames()).isEmpty();
    }
}
