package io.sluice.node.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.node.testing.Jwt;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Channel permissions that only decide a reply's code, on one in-process session each (moved from
 * {@link ChannelAccessTest}, which keeps the cases that need a real node).
 */
class ChannelAccessSessionTest {

    private static final String CONFIG = "\"allow_anonymous_connect_without_token\": true, \"namespaces\": ["
            + "{\"name\": \"open\", \"allow_subscribe_for_client\": true, \"allow_subscribe_for_anonymous\": true},"
            + "{\"name\": \"members\", \"allow_subscribe_for_client\": true, \"allow_publish_for_client\": true},"
            + "{\"name\": \"closed\"},"
            + "{\"name\": \"dialog\", \"allow_user_limited_channels\": true}]";

    private static SessionHarness connect(String token) throws Exception {
        SessionHarness client = new SessionHarness(CONFIG);
        client.send(token == null ? "{\"id\":1,\"connect\":{}}" : "{\"id\":1,\"connect\":{\"token\":\"" + token + "\"}}");
        assertThat(client.replies().get(0).path("connect").isObject()).isTrue();
        return client;
    }

    private static int subscribe(SessionHarness client, String channel) throws Exception {
        client.send("{\"id\":7,\"subscribe\":{\"channel\":\"" + channel + "\"}}");
        JsonNode reply = client.replies().get(0);
        return reply.path("error").path("code").asInt(0);
    }

    @Test
    void anonymousClientsNeedTheAnonymousOption() throws Exception {
        try (SessionHarness anonymous = connect(null)) {
            assertThat(subscribe(anonymous, "open:a")).isZero();
            assertThat(subscribe(anonymous, "members:a")).isEqualTo(103);
        }
    }

    @Test
    void userLimitedChannelsAdmitOnlyTheirUsers() throws Exception {
        try (SessionHarness ann = connect(Jwt.forUser("ann", 60)); SessionHarness eve = connect(Jwt.forUser("eve", 60))) {
            assertThat(subscribe(ann, "dialog:chat#ann,bob")).isZero();
            assertThat(subscribe(eve, "dialog:chat#ann,bob")).isEqualTo(103);
        }
    }
}
