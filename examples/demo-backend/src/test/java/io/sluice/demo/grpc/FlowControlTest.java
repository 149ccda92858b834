package io.sluice.demo.grpc;

import static io.sluice.demo.grpc.SubscriptionStreamsTest.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.demo.streams.DemoTimings;
import io.sluice.demo.streams.StreamLog.OpenStream;
import io.sluice.proto.proxystream.CentrifugoProxyStreamGrpc;
import io.sluice.proto.proxystream.ChannelResponse;
import io.sluice.proto.proxystream.SubscribeRequest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A node that stops reading: the ticker must notice through gRPC flow control (isReady) and skip
 * ticks rather than queue them, then carry on when the node reads again. Real HTTP/2 on loopback,
 * with a small client window so the stall comes quickly.
 */
class FlowControlTest {

    @Test
    void aStalledNodeMakesTheTickerSkipInsteadOfQueueingAndItResumesAfterwards() throws Exception {
        DemoTimings fast = new DemoTimings(Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofMillis(1));
        try (LoopbackBackend backend = new LoopbackBackend(fast, builder -> builder.flowControlWindow(4096))) {
            var ticker = new Collector<SubscribeRequest, ChannelResponse>(1);
            CentrifugoProxyStreamGrpc.newStub(backend.channel).subscribeUnidirectional(SubscribeRequest.newBuilder()
                    .setClient("slow").setUser("ada").setChannel("ticker:slow").setData(utf8("")).build(), ticker);
            assertThat(ticker.next().hasSubscribeResponse()).isTrue();
            OpenStream stream = backend.log.openStreams().get(0);

            await().atMost(Duration.ofSeconds(20)).until(() -> stream.skipped() > 0);
            long sentWhenStalled = stream.sent();
            Thread.sleep(300); // hundreds of ticks
            assertThat(stream.sent()).as("nothing produced while the node does not read").isEqualTo(sentWhenStalled);
            // What is in flight is bounded by the HTTP/2 window plus gRPC's 32 KiB ready threshold.
            assertThat(sentWhenStalled).isLessThan(2_000);

            ticker.request(Integer.MAX_VALUE);
            await().atMost(Duration.ofSeconds(10)).until(() -> stream.sent() > sentWhenStalled + 100);
            ticker.cancel();
        }
    }
}
