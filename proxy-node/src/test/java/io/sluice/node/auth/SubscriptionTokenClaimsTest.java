package io.sluice.node.auth;

import static io.sluice.node.auth.TestTokens.NOW;
import static io.sluice.node.auth.TestTokens.SECRET;
import static io.sluice.node.auth.TestTokens.hs256;
import static io.sluice.node.auth.TestTokens.verifier;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.node.auth.TokenException.Reason;
import io.sluice.node.config.NodeConfig.TokenConfig;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Claims of subscription tokens (HS256 with "secret", clock fixed at {@link TestTokens#NOW}). */
class SubscriptionTokenClaimsTest {

    private final TokenVerifier verifier = TestTokens.hmacVerifier();

    private SubscriptionToken subscribe(String claimsJson) throws TokenException {
        return verifier.verifySubscriptionToken(hs256(claimsJson));
    }

    private void assertRejected(String claimsJson, Reason reason, String message) {
        assertThatThrownBy(() -> subscribe(claimsJson))
                .isInstanceOfSatisfying(TokenException.class, e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessage(message);
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void fullToken() throws Exception {
        SubscriptionToken token = subscribe("{\"sub\":\"42\",\"channel\":\"$private:1\",\"client\":\"c-1\","
                + "\"exp\":" + (NOW + 60) + ",\"info\":{\"role\":\"mod\"},\"data\":{\"welcome\": true}}");
        assertThat(token.user()).isEqualTo("42");
        assertThat(token.channel()).isEqualTo("$private:1");
        assertThat(token.client()).isEqualTo("c-1");
        assertThat(token.expireAt()).isEqualTo(NOW + 60);
        assertThat(text(token.info())).isEqualTo("{\"role\":\"mod\"}");
        assertThat(text(token.data())).isEqualTo("{\"welcome\":true}");
    }

    @Test
    void minimalToken() throws Exception {
        SubscriptionToken token = subscribe("{\"channel\":\"news\"}");
        assertThat(token.user()).isEmpty();
        assertThat(token.client()).isEmpty();
        assertThat(token.expireAt()).isZero();
        assertThat(token.info()).isNull();
        assertThat(token.data()).isNull();
    }

    @Test
    void channelIsRequired() {
        assertRejected("{\"sub\":\"42\"}", Reason.INVALID, "subscription token requires a channel claim");
        assertRejected("{\"sub\":\"42\",\"channel\":\"\"}", Reason.INVALID, "subscription token requires a channel claim");
        assertRejected("{\"channel\":7}", Reason.INVALID, "claim 'channel' must be a string");
    }

    @Test
    void wrongClientTypeIsInvalid() {
        assertRejected("{\"channel\":\"a\",\"client\":1}", Reason.INVALID, "claim 'client' must be a string");
    }

    @Test
    void base64Variants() throws Exception {
        SubscriptionToken token = subscribe("{\"channel\":\"a\",\"b64info\":\"aW5mbw==\",\"b64data\":\"AP8=\"}");
        assertThat(text(token.info())).isEqualTo("info");
        assertThat(token.data()).containsExactly(0, 0xff);
        assertRejected("{\"channel\":\"a\",\"b64data\":\"%%\"}", Reason.INVALID, "claim 'b64data' is not valid base64");
    }

    @Test
    void dataStringIsKeptAsJsonString() throws Exception {
        assertThat(text(subscribe("{\"channel\":\"a\",\"data\":\"hi\"}").data())).isEqualTo("\"hi\"");
    }

    @Test
    void expiryRules() throws Exception {
        assertRejected("{\"channel\":\"a\",\"exp\":" + (NOW - 1) + "}", Reason.EXPIRED, "token expired");
        assertRejected("{\"channel\":\"a\",\"nbf\":" + (NOW + 1) + "}", Reason.EXPIRED, "token not valid yet (nbf)");
        assertThat(subscribe("{\"channel\":\"a\",\"exp\":" + (NOW + 60) + ",\"expire_at\":" + (NOW + 600) + "}").expireAt())
                .isEqualTo(NOW + 600);
        assertThat(subscribe("{\"channel\":\"a\",\"exp\":" + (NOW + 60) + ",\"expire_at\":0}").expireAt()).isZero();
    }

    @Test
    void expiryIsCheckedBeforeTheChannelRequirement() {
        // Centrifugo's order: an expired token without channel is reported as expired (client refreshes).
        assertRejected("{\"exp\":" + (NOW - 1) + "}", Reason.EXPIRED, "token expired");
    }

    @Test
    void audienceAndIssuer() throws Exception {
        TokenVerifier strict = verifier(TestTokens.hmacConfig("sluice", null, "me", null));
        assertThat(strict.verifySubscriptionToken(hs256("{\"channel\":\"a\",\"aud\":[\"sluice\"],\"iss\":\"me\"}")).channel())
                .isEqualTo("a");
        assertThatThrownBy(() -> strict.verifySubscriptionToken(hs256("{\"channel\":\"a\",\"aud\":\"x\",\"iss\":\"me\"}")))
                .isInstanceOf(TokenException.class).hasMessage("audience mismatch");
        assertThatThrownBy(() -> strict.verifySubscriptionToken(hs256("{\"channel\":\"a\",\"aud\":\"sluice\",\"iss\":\"x\"}")))
                .isInstanceOf(TokenException.class).hasMessage("issuer mismatch");
    }

    @Test
    void customUserIdClaimAppliesToSubscriptions() throws Exception {
        TokenVerifier custom = verifier(
                new TokenConfig("token_", SECRET, null, null, null, null, null, null, null, "uid", false));
        assertThat(custom.verifySubscriptionToken(hs256("{\"uid\":\"u7\",\"channel\":\"a\"}")).user()).isEqualTo("u7");
    }

    @Test
    void connectionTokenIsNotASubscriptionToken() {
        // A connection token has no channel: refused here, as a subscription token is refused for connect.
        assertRejected("{\"sub\":\"42\",\"channels\":[\"a\"]}", Reason.INVALID, "subscription token requires a channel claim");
    }
}
