package io.sluice.node.client;

import io.sluice.node.testing.Jwt;
import io.sluice.node.testing.TestNode;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A subscription's expiry timer lives exactly as long as that expiry: a sub_refresh moves it, and
 * unsubscribing or closing the connection cancels it, so a gone subscription or connection is not kept
 * referenced by the event loop until a stale expiry. Read from the loop's own timer queue.
 */
class SubscriptionExpiryTimerTest {

    /** Sub expiry 2 s + 1 s delay: due well before the first ping (12.5 s to 25 s), the connection's next timer. */
    private static final String CONFIG = "\"client_expired_sub_close_delay\": \"1s\","
            + " \"namespaces\": [{\"name\": \"chat\"}]";

    private static String subscriptionToken(long ttlSeconds) {
        long exp = System.currentTimeMillis() / 1000 + ttlSeconds;
        return Jwt.hs256(TestNode.SECRET, "{\"sub\":\"ann\",\"channel\":\"chat:x\",\"exp\":" + exp + "}");
    }

    private static long secondsToNextTimer(SessionHarness client) {
        long nanos = client.channel.runScheduledPendingTasks();
        return nanos < 0 ? -1 : TimeUnit.NANOSECONDS.toSeconds(nanos);
    }

    private static SessionHarness subscribedWithExpiry() throws Exception {
        SessionHarness client = new SessionHarness(CONFIG);
        client.connect("ann");
        client.send("{\"id\":2,\"subscribe\":{\"channel\":\"chat:x\",\"token\":\"" + subscriptionToken(2) + "\"}}");
        assertThat(client.replies().get(0).path("subscribe").path("expires").asBoolean()).isTrue();
        assertThat(secondsToNextTimer(client)).as("the subscription's expiry is the next timer").isLessThanOrEqualTo(3);
        return client;
    }

    @Test
    void unsubscribingCancelsTheExpiryTimer() throws Exception {
        try (SessionHarness client = subscribedWithExpiry()) {
            client.send("{\"id\":3,\"unsubscribe\":{\"channel\":\"chat:x\"}}");
            assertThat(secondsToNextTimer(client)).as("next timer: the ping").isGreaterThan(10);
        }
    }

    @Test
    void subRefreshReplacesTheExpiryTimer() throws Exception {
        try (SessionHarness client = subscribedWithExpiry()) {
            client.send("{\"id\":3,\"sub_refresh\":{\"channel\":\"chat:x\",\"token\":\"" + subscriptionToken(600) + "\"}}");
            assertThat(client.replies().get(0).path("sub_refresh").path("expires").asBoolean()).isTrue();
            assertThat(secondsToNextTimer(client)).as("next timer: the ping, not the old expiry").isGreaterThan(10);
        }
    }

    @Test
    void closingTheConnectionCancelsEveryTimer() throws Exception {
        try (SessionHarness client = subscribedWithExpiry()) {
            client.session.onClosed();
            assertThat(secondsToNextTimer(client)).as("no timer left").isEqualTo(-1);
        }
    }
}
