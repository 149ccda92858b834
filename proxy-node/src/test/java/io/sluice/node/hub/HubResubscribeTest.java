package io.sluice.node.hub;

import io.sluice.node.engine.NodeIdentity;
import io.sluice.node.engine.ControlCommand;
import io.sluice.node.config.load.ConfigLoader;
import io.sluice.node.engine.redis.RedisEngine;
import io.sluice.node.testing.RedisProcess;
import io.sluice.proto.client.Publication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A channel's last subscriber leaves and a new one arrives at once, against a real redis-server: the
 * newcomer's subscription is ready only once Redis delivers the channel again, so a publication made
 * right after it is ready reaches it, every time.
 */
class HubResubscribeTest {

    private static RedisProcess redis;
    private static RedisEngine engine;
    private static Hub hub;

    /** A subscriber that records the publications delivered to it. */
    private record Recorder(String clientId, BlockingQueue<String> received) implements HubClient {
        Recorder(String clientId) {
            this(clientId, new LinkedBlockingQueue<>());
        }

        @Override
        public String user() {
            return "";
        }

        @Override
        public void deliver(String channel, PushFrame frame) {
            received.add(frame.reply().getPush().getPub().getData().toStringUtf8());
        }

        @Override
        public void apply(ControlCommand command) {
        }

        @Override
        public void reroute(Set<String> namespaces) {
        }
    }

    @BeforeAll
    static void start() throws Exception {
        redis = RedisProcess.start();
        engine = RedisEngine.create(ConfigLoader.fromJson("{\"engine\": \"redis\", \"redis_address\": \"" + redis.url()
                + "\", \"redis_io_timeout\": \"2s\"}"), NodeIdentity.create("hub-test"));
        hub = new Hub(engine.broker());
        engine.start(hub);
    }

    @AfterAll
    static void stop() throws Exception {
        engine.close();
        redis.close();
    }

    @Test
    void aSubscriberArrivingAsTheLastOneLeavesReceivesWhatIsPublishedOnceItIsReady() throws Exception {
        for (int round = 0; round < 100; round++) {
            String channel = "resubscribe";
            Recorder leaving = new Recorder("leaving-" + round);
            hub.addSubscriber(channel, leaving).get(5, TimeUnit.SECONDS);
            hub.removeSubscriber(channel, leaving);
            Recorder arriving = new Recorder("arriving-" + round);
            hub.addSubscriber(channel, arriving).get(5, TimeUnit.SECONDS);

            String data = "\"round " + round + "\"";
            engine.broker().publish(channel, Publication.newBuilder()
                    .setData(com.google.protobuf.ByteString.copyFromUtf8(data)).build()).get(5, TimeUnit.SECONDS);
            assertThat(arriving.received().poll(5, TimeUnit.SECONDS)).as("round " + round).isEqualTo(data);
            hub.removeSubscriber(channel, arriving);
        }
    }
}
