package io.sluice.node.auth;

import static io.sluice.node.auth.TestTokens.CLOCK;
import static io.sluice.node.auth.TestTokens.SECRET;
import static io.sluice.node.auth.TestTokens.hmac;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import io.sluice.node.auth.TokenException.Reason;
import io.sluice.node.config.NodeConfig.TokenConfig;
import org.junit.jupiter.api.Test;

/** separate_subscription_token_config: subscription tokens verify only with their own key set. */
class SeparateSubscriptionTokenTest {

    private static final String SUBSCRIPTION_SECRET = "subscription-secret";
    private static final String SUBSCRIPTION = "{\"sub\":\"42\",\"channel\":\"news\"}";
    private static final String CONNECTION = "{\"sub\":\"42\"}";

    private static TokenConfig subscriptionHmac(String secret, String audience, String userIdClaim) {
        return new TokenConfig("subscription_token_", secret, null, null, null, audience, null, null, null, userIdClaim,
                false);
    }

    private static TokenVerifier separate(TokenConfig subscription) throws Exception {
        return new TokenVerifier(TestTokens.config(SECRET, null, null), subscription, CLOCK);
    }

    private static void assertInvalid(ThrowingVerification verification) {
        assertThatThrownBy(verification::run)
                .isInstanceOfSatisfying(TokenException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID));
    }

    @FunctionalInterface
    private interface ThrowingVerification {
        void run() throws Exception;
    }

    @Test
    void subscriptionTokensNeedTheSubscriptionKeyAndConnectionTokensTheConnectionKey() throws Exception {
        TokenVerifier verifier = separate(subscriptionHmac(SUBSCRIPTION_SECRET, null, null));
        assertThat(verifier.verifySubscriptionToken(hmac("HS256", SUBSCRIPTION_SECRET, SUBSCRIPTION)).channel())
                .isEqualTo("news");
        assertInvalid(() -> verifier.verifySubscriptionToken(hmac("HS256", SECRET, SUBSCRIPTION)));
        assertThat(verifier.verifyConnectToken(hmac("HS256", SECRET, CONNECTION)).user()).isEqualTo("42");
        assertInvalid(() -> verifier.verifyConnectToken(hmac("HS256", SUBSCRIPTION_SECRET, CONNECTION)));
    }

    @Test
    void withoutASeparateConfigSubscriptionTokensUseTheConnectionKey() throws Exception {
        TokenVerifier verifier = new TokenVerifier(TestTokens.config(SECRET, null, null), null, CLOCK);
        assertThat(verifier.verifySubscriptionToken(hmac("HS256", SECRET, SUBSCRIPTION)).channel()).isEqualTo("news");
    }

    @Test
    void theSubscriptionSetHasItsOwnAudienceAndUserIdClaim() throws Exception {
        TokenVerifier verifier = separate(subscriptionHmac(SUBSCRIPTION_SECRET, "subs", "uid"));
        SubscriptionToken token = verifier.verifySubscriptionToken(
                hmac("HS256", SUBSCRIPTION_SECRET, "{\"uid\":\"7\",\"channel\":\"news\",\"aud\":\"subs\"}"));
        assertThat(token.user()).isEqualTo("7");
        assertInvalid(() -> verifier.verifySubscriptionToken(hmac("HS256", SUBSCRIPTION_SECRET, SUBSCRIPTION)));
        // the connection set has no audience rule, so connection tokens without aud still pass
        assertThat(verifier.verifyConnectToken(hmac("HS256", SECRET, CONNECTION)).user()).isEqualTo("42");
    }

    @Test
    void subscriptionTokensCanComeFromTheirOwnJwksEndpoint() throws Exception {
        try (JwksServer jwks = JwksServer.start()) {
            SigningKey key = SigningKey.rsa("sub-1", JWSAlgorithm.RS256);
            jwks.publish(key.jwk());
            TokenConfig subscription = new TokenConfig("subscription_token_", null, null, null, jwks.url(), null,
                    null, null, null, null, false);
            TokenVerifier verifier = separate(subscription);
            assertThat(verifier.verifySubscriptionToken(key.token(SUBSCRIPTION)).channel()).isEqualTo("news");
            assertInvalid(() -> verifier.verifySubscriptionToken(hmac("HS256", SECRET, SUBSCRIPTION)));
            assertInvalid(() -> verifier.verifyConnectToken(key.token(CONNECTION)));
        }
    }

    @Test
    void aBrokenSubscriptionKeyIsAConfigErrorNamingTheSubscriptionKey() {
        TokenConfig subscription = new TokenConfig("subscription_token_", null, "not a pem", null, null, null, null,
                null, null, null, false);
        assertThatThrownBy(() -> separate(subscription))
                .hasMessageStartingWith("config error: key 'subscription_token_rsa_public_key'");
    }
}
