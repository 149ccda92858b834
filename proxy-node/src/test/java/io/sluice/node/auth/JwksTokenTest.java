package io.sluice.node.auth;

import static io.sluice.node.auth.TestTokens.CLOCK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import io.sluice.node.auth.TokenException.Reason;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tokens verified with the keys of a JWKS endpoint served by the test on loopback. */
class JwksTokenTest {

    private static final String CLAIMS = "{\"sub\":\"42\"}";
    /** A refresh interval no test run lasts, so every fetch a test causes counts against one window. */
    private static final JwksSettings SETTINGS =
            new JwksSettings(Duration.ofHours(1), Duration.ofMinutes(10), Duration.ofSeconds(2));

    private JwksServer jwks;

    @BeforeEach
    void start() throws Exception {
        jwks = JwksServer.start();
    }

    @AfterEach
    void stop() {
        jwks.close();
    }

    private TokenVerifier verifier() throws Exception {
        return new TokenVerifier(TestTokens.jwksConfig(jwks.url()), null, CLOCK, SETTINGS);
    }

    private static void assertInvalid(TokenVerifier verifier, String token) {
        assertThatThrownBy(() -> verifier.verifyConnectToken(token))
                .isInstanceOfSatisfying(TokenException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID));
    }

    @Test
    void rsaEcAndEd25519KeysVerifyTheirTokensFromOneFetch() throws Exception {
        SigningKey[] keys = {SigningKey.rsa("rs256", JWSAlgorithm.RS256), SigningKey.rsa("rs512", JWSAlgorithm.RS512),
                SigningKey.ec("es256", JWSAlgorithm.ES256), SigningKey.ec("es384", JWSAlgorithm.ES384),
                SigningKey.ec("es512", JWSAlgorithm.ES512), SigningKey.ed25519("ed")};
        jwks.publish(java.util.Arrays.stream(keys).map(SigningKey::jwk).toArray(com.nimbusds.jose.jwk.JWK[]::new));
        TokenVerifier verifier = verifier();
        for (SigningKey key : keys) {
            assertThat(verifier.verifyConnectToken(key.token(CLAIMS)).user()).isEqualTo("42");
            assertThat(verifier.verifySubscriptionToken(key.token("{\"sub\":\"42\",\"channel\":\"news\"}")).channel())
                    .isEqualTo("news");
        }
        assertThat(jwks.fetches()).isEqualTo(1);
    }

    @Test
    void aRotatedInKeyIsFetchedAndTheRotatedOutOneStopsWorking() throws Exception {
        SigningKey before = SigningKey.rsa("2024-01", JWSAlgorithm.RS256);
        SigningKey after = SigningKey.ec("2024-02", JWSAlgorithm.ES256);
        jwks.publish(before.jwk());
        TokenVerifier verifier = verifier();
        assertThat(verifier.verifyConnectToken(before.token(CLAIMS)).user()).isEqualTo("42");

        jwks.publish(after.jwk());
        assertThat(verifier.verifyConnectToken(after.token(CLAIMS)).user()).isEqualTo("42");
        assertThat(jwks.fetches()).isEqualTo(2);
        assertInvalid(verifier, before.token(CLAIMS));
    }

    @Test
    void unknownKidsCanNotFloodTheEndpoint() throws Exception {
        SigningKey known = SigningKey.rsa("known", JWSAlgorithm.RS256);
        jwks.publish(known.jwk());
        TokenVerifier verifier = verifier();
        for (int i = 0; i < 20; i++) {
            assertInvalid(verifier, SigningKey.ec("made-up-" + i, JWSAlgorithm.ES256).token(CLAIMS));
        }
        assertThat(jwks.fetches()).isLessThanOrEqualTo(2); // the first fetch plus one refresh per interval
        assertThat(verifier.verifyConnectToken(known.token(CLAIMS)).user()).isEqualTo("42");
    }

    @Test
    void aTokenWithoutKidIsInvalidWithoutAFetch() throws Exception {
        SigningKey key = SigningKey.rsa("a", JWSAlgorithm.RS256);
        jwks.publish(key.jwk());
        assertThatThrownBy(() -> verifier().verifyConnectToken(key.tokenWithHeader("{\"alg\":\"RS256\"}", CLAIMS)))
                .isInstanceOf(TokenException.class).hasMessageContaining("no kid");
        assertThat(jwks.fetches()).isZero();
    }

    @Test
    void theHmacSecretIsNotUsedOnceJwksIsSet() throws Exception {
        jwks.publish(SigningKey.rsa("a", JWSAlgorithm.RS256).jwk());
        String hmac = TestTokens.compact("{\"alg\":\"HS256\",\"kid\":\"a\"}", CLAIMS,
                input -> TestTokens.mac("HS256", TestTokens.SECRET, input));
        assertThatThrownBy(() -> verifier().verifyConnectToken(hmac))
                .isInstanceOf(TokenException.class).hasMessage("algorithm HS256 is not supported with JWKS");
    }

    @Test
    void onlyKeysForSigningOfTheTokensTypeAndAlgorithmAreUsed() throws Exception {
        SigningKey encryption = SigningKey.rsa("enc", JWSAlgorithm.RS256);
        SigningKey noUse = SigningKey.rsa("no-use", JWSAlgorithm.RS256);
        SigningKey forRs512 = SigningKey.rsa("rs512-only", JWSAlgorithm.RS256);
        SigningKey forRs256 = SigningKey.rsa("rs256-only", JWSAlgorithm.RS256);
        SigningKey rsa = SigningKey.rsa("rsa", JWSAlgorithm.RS256);
        jwks.publish(encryption.jwkWithUse(KeyUse.ENCRYPTION), noUse.jwkWithUse(null),
                forRs512.jwkFor(JWSAlgorithm.RS512), forRs256.jwkFor(JWSAlgorithm.RS256), rsa.jwk());
        TokenVerifier verifier = verifier();
        assertInvalid(verifier, encryption.token(CLAIMS));
        assertInvalid(verifier, noUse.token(CLAIMS)); // Centrifugo only takes keys with "use":"sig"
        assertInvalid(verifier, forRs512.token(CLAIMS));
        assertThat(verifier.verifyConnectToken(forRs256.token(CLAIMS)).user()).isEqualTo("42");
        // an ES256 header naming an RSA key's kid finds no key of its type
        String es256 = SigningKey.ec("x", JWSAlgorithm.ES256)
                .tokenWithHeader("{\"alg\":\"ES256\",\"kid\":\"rsa\"}", CLAIMS);
        assertInvalid(verifier, es256);
    }

    @Test
    void aSignatureByAnotherKeyUnderAPublishedKidIsRefused() throws Exception {
        SigningKey published = SigningKey.ed25519("ed");
        jwks.publish(published.jwk());
        String forged = SigningKey.ed25519("ed").token(CLAIMS);
        assertThatThrownBy(() -> verifier().verifyConnectToken(forged))
                .isInstanceOf(TokenException.class).hasMessage("signature mismatch");
    }

    @Test
    void anEndpointThatIsDownOrFailingMakesTokensInvalid() throws Exception {
        SigningKey key = SigningKey.rsa("a", JWSAlgorithm.RS256);
        jwks.publish(key.jwk());
        jwks.failWith(500);
        assertInvalid(verifier(), key.token(CLAIMS));

        String url = jwks.url();
        jwks.close();
        TokenVerifier unreachable = new TokenVerifier(TestTokens.jwksConfig(url), null, CLOCK, SETTINGS);
        assertThatThrownBy(() -> unreachable.verifyConnectToken(key.token(CLAIMS)))
                .isInstanceOfSatisfying(TokenException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID))
                .hasMessageStartingWith("JWKS keys unavailable");
    }

    @Test
    void cachedKeysKeepWorkingWhileTheEndpointFails() throws Exception {
        SigningKey key = SigningKey.ec("a", JWSAlgorithm.ES256);
        jwks.publish(key.jwk());
        TokenVerifier verifier = verifier();
        assertThat(verifier.verifyConnectToken(key.token(CLAIMS)).user()).isEqualTo("42");
        jwks.failWith(503);
        assertThat(verifier.verifyConnectToken(key.token(CLAIMS)).user()).isEqualTo("42");
    }
}
