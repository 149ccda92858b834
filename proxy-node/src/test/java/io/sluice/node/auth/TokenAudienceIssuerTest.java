package io.sluice.node.auth;

import static io.sluice.node.auth.TestTokens.hmacConfig;
import static io.sluice.node.auth.TestTokens.hs256;
import static io.sluice.node.auth.TestTokens.verifier;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.node.auth.TokenException.Reason;
import io.sluice.node.config.ConfigException;
import org.junit.jupiter.api.Test;

/** token_audience(_regex) and token_issuer(_regex) on connection and subscription tokens. */
class TokenAudienceIssuerTest {

    private static void assertInvalid(TokenVerifier verifier, String claimsJson, String message) {
        assertThatThrownBy(() -> verifier.verifyConnectToken(hs256(claimsJson)))
                .isInstanceOfSatisfying(TokenException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID))
                .hasMessage(message);
    }

    @Test
    void audienceRegexAcceptsATokenWithOneMatchingAudience() throws Exception {
        TokenVerifier verifier = verifier(hmacConfig(null, "^sluice-(eu|us)$", null, null));
        assertThat(verifier.verifyConnectToken(hs256("{\"sub\":\"1\",\"aud\":\"sluice-eu\"}")).user()).isEqualTo("1");
        assertThat(verifier.verifyConnectToken(hs256("{\"sub\":\"1\",\"aud\":[\"x\",\"sluice-us\"]}")).user())
                .isEqualTo("1");
        assertInvalid(verifier, "{\"sub\":\"1\",\"aud\":\"sluice-asia\"}", "audience mismatch");
        assertInvalid(verifier, "{\"sub\":\"1\"}", "audience mismatch");
    }

    @Test
    void issuerRegexIsSearchedNotAnchored() throws Exception {
        TokenVerifier verifier = verifier(hmacConfig(null, null, null, "auth\\.example"));
        assertThat(verifier.verifyConnectToken(hs256("{\"sub\":\"1\",\"iss\":\"https://auth.example/t1\"}")).user())
                .isEqualTo("1");
        assertInvalid(verifier, "{\"sub\":\"1\",\"iss\":\"https://login.example\"}", "issuer mismatch");
        assertInvalid(verifier, "{\"sub\":\"1\"}", "issuer mismatch");
    }

    @Test
    void subscriptionTokensObeyTheSameRules() throws Exception {
        TokenVerifier verifier = verifier(hmacConfig("sluice", null, null, "^https://auth\\.example$"));
        String good = "{\"sub\":\"1\",\"channel\":\"news\",\"aud\":\"sluice\",\"iss\":\"https://auth.example\"}";
        assertThat(verifier.verifySubscriptionToken(hs256(good)).channel()).isEqualTo("news");
        String wrongIssuer = "{\"sub\":\"1\",\"channel\":\"news\",\"aud\":\"sluice\",\"iss\":\"https://evil.example\"}";
        assertThatThrownBy(() -> verifier.verifySubscriptionToken(hs256(wrongIssuer)))
                .isInstanceOf(TokenException.class).hasMessage("issuer mismatch");
        String wrongAudience = "{\"sub\":\"1\",\"channel\":\"news\",\"aud\":\"other\",\"iss\":\"https://auth.example\"}";
        assertThatThrownBy(() -> verifier.verifySubscriptionToken(hs256(wrongAudience)))
                .isInstanceOf(TokenException.class).hasMessage("audience mismatch");
    }

    @Test
    void aRegexThatDoesNotCompileIsAConfigErrorNamingItsKey() {
        assertThatThrownBy(() -> new TokenVerifier(hmacConfig(null, "sluice-(", null, null), null, TestTokens.CLOCK))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("config error: key 'token_audience_regex': invalid regular expression");
    }
}
