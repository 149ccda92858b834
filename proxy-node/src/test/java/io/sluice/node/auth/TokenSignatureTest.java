package io.sluice.node.auth;

import static io.sluice.node.auth.TestTokens.P256;
import static io.sluice.node.auth.TestTokens.P384;
import static io.sluice.node.auth.TestTokens.P521;
import static io.sluice.node.auth.TestTokens.RSA;
import static io.sluice.node.auth.TestTokens.SECRET;
import static io.sluice.node.auth.TestTokens.b64url;
import static io.sluice.node.auth.TestTokens.compact;
import static io.sluice.node.auth.TestTokens.config;
import static io.sluice.node.auth.TestTokens.header;
import static io.sluice.node.auth.TestTokens.hmac;
import static io.sluice.node.auth.TestTokens.hs256;
import static io.sluice.node.auth.TestTokens.pem;
import static io.sluice.node.auth.TestTokens.signed;
import static io.sluice.node.auth.TestTokens.verifier;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.node.auth.TokenException.Reason;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Algorithms, keys and signatures: what may select which key, and what must fail. */
class TokenSignatureTest {

    private static final String CLAIMS = "{\"sub\":\"42\"}";

    /** Every key configured, so that only the token decides which one is used. */
    private final TokenVerifier all = verifier(config(SECRET, pem(RSA.getPublic()), pem(P256.getPublic())));

    @ParameterizedTest
    @ValueSource(strings = {"HS256", "HS384", "HS512"})
    void acceptsHmacWithShortSecret(String alg) throws Exception {
        assertThat(all.verifyConnectToken(hmac(alg, SECRET, CLAIMS)).user()).isEqualTo("42");
    }

    @Test
    void acceptsHmacWithLongSecret() throws Exception {
        String secret = "a-much-longer-secret-that-nimbus-would-also-accept-0123456789";
        TokenVerifier verifier = verifier(config(secret, null, null));
        assertThat(verifier.verifyConnectToken(hmac("HS512", secret, CLAIMS)).user()).isEqualTo("42");
    }

    @ParameterizedTest
    @ValueSource(strings = {"RS256", "RS384", "RS512"})
    void acceptsRsa(String alg) throws Exception {
        assertThat(all.verifyConnectToken(signed(alg, RSA.getPrivate(), CLAIMS)).user()).isEqualTo("42");
    }

    @Test
    void acceptsEachEcCurveWithItsAlgorithm() throws Exception {
        assertEcAccepted(P256, "ES256");
        assertEcAccepted(P384, "ES384");
        assertEcAccepted(P521, "ES512");
    }

    private static void assertEcAccepted(KeyPair pair, String alg) throws TokenException {
        TokenVerifier verifier = verifier(config(null, null, pem(pair.getPublic())));
        assertThat(verifier.verifyConnectToken(signed(alg, pair.getPrivate(), CLAIMS)).user()).isEqualTo("42");
    }

    @Test
    void acceptsRsaKeyGivenAsCertificate() throws Exception {
        TokenVerifier verifier = verifier(config(null, TestTokens.CERT_PEM, null));
        String token = signed("RS256", TestTokens.certPrivateKey(), CLAIMS);
        assertThat(verifier.verifyConnectToken(token).user()).isEqualTo("42");
    }

    @Test
    void rejectsWrongHmacSecret() {
        assertInvalid(all, hmac("HS256", "other", CLAIMS)).hasMessage("signature mismatch");
    }

    @Test
    void rejectsTamperedPayload() {
        String token = hs256(CLAIMS);
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + b64url("{\"sub\":\"admin\"}".getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertInvalid(all, forged).hasMessage("signature mismatch");
    }

    @Test
    void rejectsRsaSignatureFromAnotherKey() throws Exception {
        assertInvalid(all, signed("RS256", TestTokens.certPrivateKey(), CLAIMS)).hasMessage("signature mismatch");
    }

    @Test
    void rejectsEmptySignature() {
        String token = hs256(CLAIMS);
        assertInvalid(all, token.substring(0, token.lastIndexOf('.') + 1));
    }

    @Test
    void rejectsAlgNone() {
        String unsigned = compact("{\"alg\":\"none\"}", CLAIMS, input -> new byte[0]);
        assertInvalid(all, unsigned).hasMessage("unsupported algorithm none");
    }

    @Test
    void rejectsAlgNoneCarryingAnHmacSignature() {
        String token = compact("{\"alg\":\"none\"}", CLAIMS, input -> TestTokens.mac("HS256", SECRET, input));
        assertInvalid(all, token).hasMessage("unsupported algorithm none");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PS256", "EdDSA", "ES256K", "HS1", "RS1"})
    void rejectsAlgorithmsCentrifugoDoesNotVerify(String alg) {
        String token = compact(header(alg), CLAIMS, input -> TestTokens.mac("HS256", SECRET, input));
        assertInvalid(all, token).hasMessage("unsupported algorithm " + alg);
    }

    @Test
    void rejectsPs256EvenWhenSignedWithTheConfiguredRsaKey() {
        assertInvalid(all, signed("PS256", RSA.getPrivate(), CLAIMS)).hasMessage("unsupported algorithm PS256");
    }

    @Test
    void rejectsJwe() {
        String jwe = b64url("{\"alg\":\"dir\",\"enc\":\"A128GCM\"}".getBytes(StandardCharsets.UTF_8)) + "..aaaa.bbbb.cccc";
        assertInvalid(all, jwe).hasMessage("encrypted tokens (JWE) are not supported");
    }

    @Test
    void hmacTokenWithRsaPemAsSecretFailsWhenOnlyRsaIsConfigured() {
        String rsaPem = pem(RSA.getPublic());
        TokenVerifier rsaOnly = verifier(config(null, rsaPem, null));
        assertInvalid(rsaOnly, hmac("HS256", rsaPem, CLAIMS)).hasMessage("no key configured for algorithm HS256");
    }

    @Test
    void hmacTokenWithEcPemAsSecretFailsWhenOnlyEcIsConfigured() {
        String ecPem = pem(P256.getPublic());
        TokenVerifier ecOnly = verifier(config(null, null, ecPem));
        assertInvalid(ecOnly, hmac("HS256", ecPem, CLAIMS)).hasMessage("no key configured for algorithm HS256");
    }

    @Test
    void rsaHeaderWithHmacOnlyConfigFails() {
        TokenVerifier hmacOnly = TestTokens.hmacVerifier();
        assertInvalid(hmacOnly, signed("RS256", RSA.getPrivate(), CLAIMS))
                .hasMessage("no key configured for algorithm RS256");
        // RS256 header whose "signature" is an HMAC with the secret: the secret must never serve RS256
        String confused = compact(header("RS256"), CLAIMS, input -> TestTokens.mac("HS256", SECRET, input));
        assertInvalid(hmacOnly, confused).hasMessage("no key configured for algorithm RS256");
    }

    @Test
    void rsaHeaderIsNotCheckedAgainstTheEcKeyNorEsAgainstRsa() {
        assertInvalid(verifier(config(null, null, pem(P256.getPublic()))), signed("RS256", RSA.getPrivate(), CLAIMS))
                .hasMessage("no key configured for algorithm RS256");
        assertInvalid(verifier(config(null, pem(RSA.getPublic()), null)), signed("ES256", P256.getPrivate(), CLAIMS))
                .hasMessage("no key configured for algorithm ES256");
    }

    @Test
    void es256TokenAgainstP384KeyFails() {
        TokenVerifier p384 = verifier(config(null, null, pem(P384.getPublic())));
        assertInvalid(p384, signed("ES256", P256.getPrivate(), CLAIMS))
                .hasMessage("no key configured for algorithm ES256");
    }

    @Test
    void es256HeaderSignedWithTheConfiguredP384KeyFails() throws Exception {
        // A real P-384 signature over SHA-256: right key, but the algorithm does not match the curve.
        Signature sha256OnP384 = Signature.getInstance("SHA256withECDSAinP1363Format");
        sha256OnP384.initSign(P384.getPrivate());
        String token = compact(header("ES256"), CLAIMS, input -> {
            try {
                sha256OnP384.update(input);
                return sha256OnP384.sign();
            } catch (java.security.SignatureException e) {
                throw new IllegalStateException(e);
            }
        });
        assertInvalid(verifier(config(null, null, pem(P384.getPublic()))), token);
    }

    @Test
    void rejectsEcSignatureOfWrongLength() {
        TokenVerifier p256 = verifier(config(null, null, pem(P256.getPublic())));
        String token = compact(header("ES256"), CLAIMS, input -> new byte[10]);
        assertInvalid(p256, token).hasMessage("signature mismatch");
    }

    @Test
    void rejectsEveryAlgorithmWhenNothingIsConfigured() {
        TokenVerifier none = verifier(config(" ", "", null));
        assertInvalid(none, hs256(CLAIMS)).hasMessage("no key configured for algorithm HS256");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "a.b", "a.b.c", "...", "a.b.c.d", "not a token", "eyJ.eyJ.!!!"})
    void rejectsMalformedStrings(String token) {
        assertInvalid(all, token);
    }

    @Test
    void rejectsNull() {
        assertInvalid(all, null).hasMessage("malformed token");
    }

    @Test
    void rejectsHeaderThatIsNotJson() {
        String token = b64url("nope".getBytes(StandardCharsets.UTF_8)) + "." + b64url(CLAIMS.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
        assertInvalid(all, token).hasMessage("malformed token");
    }

    @Test
    void rejectsCriticalHeaderParameters() {
        String token = compact("{\"alg\":\"HS256\",\"crit\":[\"exp\"],\"exp\":1}", CLAIMS,
                input -> TestTokens.mac("HS256", SECRET, input));
        assertInvalid(all, token).hasMessage("unsupported critical header parameter");
    }

    @Test
    void signatureIsCheckedBeforeClaims() {
        // Broken claims and an expired exp, but a wrong signature: the signature error wins.
        assertInvalid(all, hmac("HS256", "other", "{\"exp\":1}")).hasMessage("signature mismatch");
        assertInvalid(all, hmac("HS256", "other", "not json")).hasMessage("signature mismatch");
    }

    @Test
    void errorMessagesDoNotEchoTheToken() {
        String token = hmac("HS256", "other", "{\"sub\":\"very-recognisable-user\"}");
        assertThatThrownBy(() -> all.verifyConnectToken(token))
                .message().doesNotContain(token).doesNotContain("very-recognisable-user");
    }

    @Test
    void subscriptionTokensUseTheSameKeys() throws Exception {
        String claims = "{\"sub\":\"42\",\"channel\":\"news\"}";
        assertThat(all.verifySubscriptionToken(signed("ES256", P256.getPrivate(), claims)).channel()).isEqualTo("news");
        assertThatThrownBy(() -> all.verifySubscriptionToken(compact("{\"alg\":\"none\"}", claims, in -> new byte[0])))
                .isInstanceOf(TokenException.class)
                .hasMessage("unsupported algorithm none");
    }

    static AbstractThrowableAssert<?, ? extends Throwable> assertInvalid(TokenVerifier verifier, String token) {
        return assertThatThrownBy(() -> verifier.verifyConnectToken(token))
                .isInstanceOfSatisfying(TokenException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID));
    }
}
