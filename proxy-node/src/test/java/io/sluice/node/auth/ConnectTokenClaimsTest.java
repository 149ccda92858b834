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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Claims of connection tokens (all HS256 with "secret"; the clock is fixed at {@link TestTokens#NOW}). */
class ConnectTokenClaimsTest {

    private final TokenVerifier verifier = TestTokens.hmacVerifier();

    private ConnectToken connect(String claimsJson) throws TokenException {
        return verifier.verifyConnectToken(hs256(claimsJson));
    }

    private void assertRejected(String claimsJson, Reason reason, String message) {
        assertThatThrownBy(() -> connect(claimsJson))
                .isInstanceOfSatisfying(TokenException.class, e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessage(message);
    }

    private static String json(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void minimalToken() throws Exception {
        ConnectToken token = connect("{\"sub\":\"42\"}");
        assertThat(token.user()).isEqualTo("42");
        assertThat(token.expireAt()).isZero();
        assertThat(token.info()).isNull();
        assertThat(token.meta()).isNull();
        assertThat(token.channels()).isEmpty();
    }

    @Test
    void missingSubIsAnonymous() throws Exception {
        assertThat(connect("{}").user()).isEmpty();
        assertThat(connect("{\"sub\":\"\"}").user()).isEmpty();
    }

    @Test
    void nonStringSubIsInvalid() {
        assertRejected("{\"sub\":42}", Reason.INVALID, "claim 'sub' must be a string");
    }

    @Test
    void customUserIdClaim() throws Exception {
        TokenVerifier custom = verifier(
                new TokenConfig("token_", SECRET, null, null, null, null, null, null, null, "user_id", false));
        assertThat(custom.verifyConnectToken(hs256("{\"sub\":\"ignored\",\"user_id\":\"u1\"}")).user()).isEqualTo("u1");
        assertThat(custom.verifyConnectToken(hs256("{\"user_id\":1234567890123}")).user()).isEqualTo("1234567890123");
        assertThat(custom.verifyConnectToken(hs256("{\"sub\":\"ignored\"}")).user()).isEmpty();
        assertThatThrownBy(() -> custom.verifyConnectToken(hs256("{\"user_id\":{\"id\":1}}")))
                .isInstanceOf(TokenException.class)
                .hasMessage("claim 'user_id' must be a string or a number");
    }

    // --- exp / nbf / expire_at

    @Test
    void expInFutureSetsExpireAt() throws Exception {
        assertThat(connect("{\"exp\":" + (NOW + 60) + "}").expireAt()).isEqualTo(NOW + 60);
    }

    @Test
    void expiredTokenIsExpired() {
        assertRejected("{\"exp\":" + (NOW - 1) + "}", Reason.EXPIRED, "token expired");
    }

    @Test
    void expEqualToNowIsExpired() {
        assertRejected("{\"exp\":" + NOW + "}", Reason.EXPIRED, "token expired");
    }

    @Test
    void fractionalExpIsCompared() throws Exception {
        assertThat(connect("{\"exp\":" + NOW + ".5}").expireAt()).isEqualTo(NOW);
        assertRejected("{\"exp\":" + (NOW - 1) + ".5}", Reason.EXPIRED, "token expired");
    }

    @Test
    void nbfInFutureIsExpired() {
        assertRejected("{\"nbf\":" + (NOW + 10) + "}", Reason.EXPIRED, "token not valid yet (nbf)");
    }

    @Test
    void nbfInPastIsFine() throws Exception {
        assertThat(connect("{\"sub\":\"a\",\"nbf\":" + (NOW - 10) + "}").user()).isEqualTo("a");
    }

    @Test
    void expireAtOverridesExp() throws Exception {
        assertThat(connect("{\"exp\":" + (NOW + 60) + ",\"expire_at\":" + (NOW + 3600) + "}").expireAt())
                .isEqualTo(NOW + 3600);
    }

    @Test
    void expireAtZeroMeansNeverButExpIsStillChecked() throws Exception {
        assertThat(connect("{\"exp\":" + (NOW + 60) + ",\"expire_at\":0}").expireAt()).isZero();
        assertRejected("{\"exp\":" + (NOW - 60) + ",\"expire_at\":0}", Reason.EXPIRED, "token expired");
    }

    @Test
    void expireAtWithoutExp() throws Exception {
        assertThat(connect("{\"expire_at\":" + (NOW + 5) + "}").expireAt()).isEqualTo(NOW + 5);
    }

    @Test
    void wrongTimeTypesAreInvalid() {
        assertRejected("{\"exp\":\"tomorrow\"}", Reason.INVALID, "claim 'exp' must be a number");
        assertRejected("{\"nbf\":true}", Reason.INVALID, "claim 'nbf' must be a number");
        assertRejected("{\"expire_at\":1.5}", Reason.INVALID, "claim 'expire_at' must be an integer");
        assertRejected("{\"iat\":\"x\"}", Reason.INVALID, "claim 'iat' must be a number");
    }

    @Test
    void nullClaimsReadAsAbsent() throws Exception {
        ConnectToken token = connect("{\"sub\":null,\"exp\":null,\"info\":null,\"channels\":null}");
        assertThat(token.user()).isEmpty();
        assertThat(token.expireAt()).isZero();
        assertThat(token.info()).isNull();
        assertThat(token.channels()).isEmpty();
    }

    // --- info / b64info / meta

    @Test
    void infoObjectIsKeptAsCompactJson() throws Exception {
        ConnectToken token = connect("{\"info\": { \"name\" : \"Ann\", \"score\": 1.10, \"tags\": [1, 2] }}");
        assertThat(json(token.info())).isEqualTo("{\"name\":\"Ann\",\"score\":1.10,\"tags\":[1,2]}");
    }

    @Test
    void infoStringIsKeptAsJsonString() throws Exception {
        assertThat(json(connect("{\"info\":\"hello\"}").info())).isEqualTo("\"hello\"");
    }

    @Test
    void infoScalarValues() throws Exception {
        assertThat(json(connect("{\"info\":123}").info())).isEqualTo("123");
        assertThat(json(connect("{\"info\":false}").info())).isEqualTo("false");
    }

    @Test
    void b64infoIsDecoded() throws Exception {
        assertThat(connect("{\"b64info\":\"AAEC/w==\"}").info()).containsExactly(0, 1, 2, 0xff);
    }

    @Test
    void b64infoTakesPrecedenceOverInfoLikeCentrifugo() throws Exception {
        assertThat(connect("{\"info\":{\"a\":1},\"b64info\":\"aGk=\"}").info()).isEqualTo("hi".getBytes(StandardCharsets.UTF_8));
        assertThat(json(connect("{\"info\":{\"a\":1},\"b64info\":\"\"}").info())).isEqualTo("{\"a\":1}");
    }

    @Test
    void badB64infoIsInvalid() {
        assertRejected("{\"b64info\":\"***\"}", Reason.INVALID, "claim 'b64info' is not valid base64");
        assertRejected("{\"b64info\":{}}", Reason.INVALID, "claim 'b64info' must be a string");
    }

    @Test
    void metaIsKeptAsCompactJson() throws Exception {
        assertThat(json(connect("{\"meta\": {\"plan\": \"pro\", \"n\": [ ]}}").meta())).isEqualTo("{\"plan\":\"pro\",\"n\":[]}");
        assertThat(json(connect("{\"meta\":\"str\"}").meta())).isEqualTo("\"str\"");
    }

    @Test
    void unicodeInInfoSurvives() throws Exception {
        assertThat(json(connect("{\"info\":{\"n\":\"Zoë \\u2603\"}}").info())).isEqualTo("{\"n\":\"Zoë ☃\"}");
    }

    // --- channels / channel

    @Test
    void channelsAreListed() throws Exception {
        assertThat(connect("{\"channels\":[\"news\",\"chat:1\"]}").channels()).containsExactly("news", "chat:1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"news\"", "[\"a\",1]", "{\"a\":1}", "[null]"})
    void channelsOfWrongTypeAreInvalid(String channels) {
        assertRejected("{\"channels\":" + channels + "}", Reason.INVALID, "claim 'channels' must be an array of strings");
    }

    @Test
    void channelClaimMakesConnectionTokenInvalid() {
        assertRejected("{\"sub\":\"42\",\"channel\":\"news\"}", Reason.INVALID,
                "connection token must not contain a channel claim");
    }

    @Test
    void channelClaimIsCheckedBeforeExpiry() {
        assertRejected("{\"channel\":\"news\",\"exp\":1}", Reason.INVALID,
                "connection token must not contain a channel claim");
    }

    @Test
    void emptyChannelClaimIsToleratedLikeCentrifugo() throws Exception {
        assertThat(connect("{\"sub\":\"42\",\"channel\":\"\"}").user()).isEqualTo("42");
    }

    // --- aud / iss

    @Test
    void audienceAndIssuerIgnoredWhenNotConfigured() throws Exception {
        assertThat(connect("{\"sub\":\"1\",\"aud\":\"whatever\",\"iss\":\"anyone\"}").user()).isEqualTo("1");
    }

    @Test
    void audienceMatchesStringOrArray() throws Exception {
        TokenVerifier withAud = verifier(TestTokens.hmacConfig("sluice", null, null, null));
        assertThat(withAud.verifyConnectToken(hs256("{\"sub\":\"1\",\"aud\":\"sluice\"}")).user()).isEqualTo("1");
        assertThat(withAud.verifyConnectToken(hs256("{\"sub\":\"1\",\"aud\":[\"other\",\"sluice\"]}")).user()).isEqualTo("1");
        for (String claims : new String[] {"{\"aud\":\"other\"}", "{\"aud\":[\"a\",\"b\"]}", "{}"}) {
            assertThatThrownBy(() -> withAud.verifyConnectToken(hs256(claims)))
                    .isInstanceOfSatisfying(TokenException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID))
                    .hasMessage("audience mismatch");
        }
    }

    @Test
    void issuerMatches() throws Exception {
        TokenVerifier withIss = verifier(TestTokens.hmacConfig(null, null, "https://auth.example", null));
        assertThat(withIss.verifyConnectToken(hs256("{\"sub\":\"1\",\"iss\":\"https://auth.example\"}")).user())
                .isEqualTo("1");
        for (String claims : new String[] {"{\"iss\":\"https://evil.example\"}", "{}"}) {
            assertThatThrownBy(() -> withIss.verifyConnectToken(hs256(claims)))
                    .isInstanceOfSatisfying(TokenException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID))
                    .hasMessage("issuer mismatch");
        }
    }

    @Test
    void wrongAudienceOrIssuerTypeIsInvalid() {
        assertRejected("{\"aud\":5}", Reason.INVALID, "claim 'aud' must be an array of strings");
        assertRejected("{\"iss\":[\"x\"]}", Reason.INVALID, "claim 'iss' must be a string");
    }

    // --- payload shape

    @ParameterizedTest
    @ValueSource(strings = {"[1,2]", "\"str\"", "42", "{\"sub\":\"1\"} trailing", "{broken"})
    void claimsMustBeOneJsonObject(String payload) {
        assertThatThrownBy(() -> connect(payload))
                .isInstanceOfSatisfying(TokenException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID));
    }

    @Test
    void unknownClaimsAreIgnored() throws Exception {
        assertThat(connect("{\"sub\":\"1\",\"jti\":\"x\",\"iat\":1,\"whatever\":{\"deep\":[1]}}").user()).isEqualTo("1");
    }
}
