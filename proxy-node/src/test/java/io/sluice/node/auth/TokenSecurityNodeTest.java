package io.sluice.node.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import io.sluice.node.testing.JsonClient;
import io.sluice.node.testing.Jwt;
import io.sluice.node.testing.RawClient;
import io.sluice.node.testing.TestNode;
import org.junit.jupiter.api.Test;

/** The token security keys end to end: a real node on loopback, a JSON WebSocket client, and a JWKS endpoint. */
class TokenSecurityNodeTest {

    private static final int INVALID_TOKEN = 3500;
    private static final int PERMISSION_DENIED = 3507;

    /** Sends connect with {@code token} and returns the close code the node answers with. */
    private static int refusal(TestNode node, String token) throws Exception {
        try (RawClient client = RawClient.json(node.wsUrl())) {
            client.sendText("{\"id\":1,\"connect\":{\"token\":\"" + token + "\"}}");
            return client.awaitClose(5).code();
        }
    }

    /** Connects with {@code token}; fails unless the node answers with a connect result. */
    private static void assertConnects(TestNode node, String token) throws Exception {
        try (JsonClient client = JsonClient.open(node.wsUrl())) {
            JsonNode reply = client.connect(token);
            assertThat(reply.path("connect").path("client").asText()).as("connect reply %s", reply).isNotEmpty();
        }
    }

    private static String hs256(String claimsJson) {
        return Jwt.hs256(TestNode.SECRET, claimsJson);
    }

    @Test
    void theConfiguredAudienceAndIssuerAreRequired() throws Exception {
        try (TestNode node = TestNode.start("\"token_audience\": \"sluice\","
                + " \"token_issuer_regex\": \"^https://idp\\\\.example/[a-z]+$\"")) {
            assertThat(refusal(node, hs256("{\"sub\":\"1\",\"aud\":\"billing\",\"iss\":\"https://idp.example/eu\"}")))
                    .isEqualTo(INVALID_TOKEN);
            assertThat(refusal(node, hs256("{\"sub\":\"1\",\"aud\":\"sluice\",\"iss\":\"https://evil.example/eu\"}")))
                    .isEqualTo(INVALID_TOKEN);
            assertThat(refusal(node, hs256("{\"sub\":\"1\"}"))).isEqualTo(INVALID_TOKEN);
            assertConnects(node, hs256(
                    "{\"sub\":\"1\",\"aud\":[\"x\",\"sluice\"],\"iss\":\"https://idp.example/eu\"}"));
        }
    }

    @Test
    void jwksKeysAreFetchedRotatedAndTheOnlyOnesAccepted() throws Exception {
        try (JwksServer jwks = JwksServer.start()) {
            SigningKey first = SigningKey.rsa("k1", JWSAlgorithm.RS256);
            SigningKey second = SigningKey.ed25519("k2");
            jwks.publish(first.jwk());
            try (TestNode node = TestNode.start("\"token_jwks_public_endpoint\": \"" + jwks.url() + "\"")) {
                assertConnects(node, first.token("{\"sub\":\"1\"}"));
                // the node's HMAC secret no longer verifies tokens
                assertThat(refusal(node, hs256("{\"sub\":\"1\"}"))).isEqualTo(INVALID_TOKEN);

                jwks.publish(first.jwk(), second.jwk());
                assertConnects(node, second.token("{\"sub\":\"2\"}"));
                assertThat(refusal(node, SigningKey.rsa("unknown", JWSAlgorithm.RS256).token("{\"sub\":\"3\"}")))
                        .isEqualTo(INVALID_TOKEN);
            }
        }
    }

    @Test
    void aJwksEndpointThatIsDownMeansInvalidTokenAsInCentrifugo() throws Exception {
        String url;
        try (JwksServer jwks = JwksServer.start()) {
            url = jwks.url();
        }
        try (TestNode node = TestNode.start("\"token_jwks_public_endpoint\": \"" + url + "\"")) {
            assertThat(refusal(node, SigningKey.rsa("k1", JWSAlgorithm.RS256).token("{\"sub\":\"1\"}")))
                    .isEqualTo(INVALID_TOKEN);
        }
    }

    @Test
    void subscriptionTokensVerifyOnlyWithTheSeparateKey() throws Exception {
        try (TestNode node = TestNode.start("\"separate_subscription_token_config\": true,"
                + " \"subscription_token_hmac_secret_key\": \"subscription-secret\"");
             JsonClient client = JsonClient.open(node.wsUrl())) {
            client.connect(hs256("{\"sub\":\"u1\"}"));
            String claims = "{\"sub\":\"u1\",\"channel\":\"news\"}";
            JsonNode withConnectionKey =
                    client.call("\"subscribe\":{\"channel\":\"news\",\"token\":\"" + hs256(claims) + "\"}");
            assertThat(withConnectionKey.path("error").path("code").asInt()).isEqualTo(103);
            JsonNode withSubscriptionKey = client.call("\"subscribe\":{\"channel\":\"news\",\"token\":\""
                    + Jwt.hs256("subscription-secret", claims) + "\"}");
            assertThat(withSubscriptionKey.has("subscribe")).as("reply %s", withSubscriptionKey).isTrue();
        }
    }

    @Test
    void anonymousConnectionTokensAreRefusedWhenDisallowed() throws Exception {
        try (TestNode node = TestNode.start("\"disallow_anonymous_connection_tokens\": true")) {
            assertThat(refusal(node, hs256("{\"sub\":\"\"}"))).isEqualTo(PERMISSION_DENIED);
            assertThat(refusal(node, hs256("{}"))).isEqualTo(PERMISSION_DENIED);
            assertConnects(node, hs256("{\"sub\":\"1\"}"));
        }
        try (TestNode node = TestNode.start("")) {
            assertConnects(node, hs256("{}"));
        }
    }
}
