package io.sluice.node.auth;

import static io.sluice.node.auth.TestTokens.NOW;
import static io.sluice.node.auth.TestTokens.hmac;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.node.auth.TokenException.Reason;
import io.sluice.node.config.NodeConfig.TokenConfig;
import org.junit.jupiter.api.Test;

/** client_insecure_skip_token_signature_verify: signatures go unchecked, claims do not. */
class TokenSkipSignatureTest {

    private final TokenVerifier verifier = TestTokens.verifier(new TokenConfig("token_", TestTokens.SECRET, null, null,
            null, "sluice", null, null, null, null, true));

    @Test
    void anyKeyPassesButTheClaimsAreStillChecked() throws Exception {
        assertThat(verifier.verifyConnectToken(hmac("HS256", "not-the-secret", "{\"sub\":\"1\",\"aud\":\"sluice\"}"))
                .user()).isEqualTo("1");
        assertThatThrownBy(() -> verifier.verifyConnectToken(hmac("HS256", "x", "{\"sub\":\"1\",\"aud\":\"other\"}")))
                .isInstanceOf(TokenException.class).hasMessage("audience mismatch");
        String expired = "{\"sub\":\"1\",\"aud\":\"sluice\",\"exp\":" + (NOW - 1) + "}";
        assertThatThrownBy(() -> verifier.verifyConnectToken(hmac("HS256", "x", expired)))
                .isInstanceOfSatisfying(TokenException.class, e -> assertThat(e.reason()).isEqualTo(Reason.EXPIRED));
    }

    @Test
    void unsignedTokensAreStillRefused() {
        String unsigned = TestTokens.compact("{\"alg\":\"none\"}", "{\"sub\":\"1\",\"aud\":\"sluice\"}",
                input -> new byte[0]);
        assertThatThrownBy(() -> verifier.verifyConnectToken(unsigned))
                .isInstanceOf(TokenException.class).hasMessage("unsupported algorithm none");
    }

    @Test
    void offByDefault() {
        TokenVerifier strict = TestTokens.hmacVerifier();
        assertThatThrownBy(() -> strict.verifyConnectToken(hmac("HS256", "not-the-secret", "{\"sub\":\"1\"}")))
                .isInstanceOf(TokenException.class).hasMessage("signature mismatch");
    }
}
