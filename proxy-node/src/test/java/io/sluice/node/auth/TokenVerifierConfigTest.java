package io.sluice.node.auth;

import static io.sluice.node.auth.TestTokens.CLOCK;
import static io.sluice.node.auth.TestTokens.P256;
import static io.sluice.node.auth.TestTokens.RSA;
import static io.sluice.node.auth.TestTokens.config;
import static io.sluice.node.auth.TestTokens.pem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.node.config.ConfigException;
import io.sluice.node.config.NodeConfig.TokenConfig;

import org.junit.jupiter.api.Test;

/** Key settings are parsed once, and a key that does not parse stops the node with a clear message. */
class TokenVerifierConfigTest {

    @Test
    void nothingConfiguredIsAllowed() {
        TokenConfig nothing = new TokenConfig("token_", null, null, null, null, null, null, null, null, null, false);
        assertThatCode(() -> new TokenVerifier(nothing, null, CLOCK)).doesNotThrowAnyException();
        TokenConfig blank = new TokenConfig("token_", "", " ", "\n", "", "", "", "", "", "", false);
        assertThatCode(() -> new TokenVerifier(blank, null, CLOCK)).doesNotThrowAnyException();
    }

    @Test
    void pemWithSurroundingTextAndCrlfIsAccepted() throws Exception {
        String messy = "# rsa key\r\n" + pem(RSA.getPublic()).replace("\n", "\r\n") + "trailing\n";
        TokenVerifier verifier = new TokenVerifier(config(null, messy, null), null, CLOCK);
        String token = TestTokens.signed("RS256", RSA.getPrivate(), "{\"sub\":\"1\"}");
        assertThat(verifier.verifyConnectToken(token).user()).isEqualTo("1");
    }

    @Test
    void garbageRsaKey() {
        assertConfigError(config(null, "not a key", null), "token_rsa_public_key", "no PEM block");
    }

    @Test
    void rsaPemWithBrokenBase64() {
        String broken = "-----BEGIN PUBLIC KEY-----\nMIIB!!!!\n-----END PUBLIC KEY-----\n";
        assertConfigError(config(null, broken, null), "token_rsa_public_key", "not valid base64");
    }

    @Test
    void rsaPemWithWrongContent() {
        String truncated = "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A\n-----END PUBLIC KEY-----\n";
        assertConfigError(config(null, truncated, null), "token_rsa_public_key",
                "not a PEM-encoded RSA public key or X.509 certificate");
    }

    @Test
    void ecKeyInRsaSetting() {
        assertConfigError(config(null, pem(P256.getPublic()), null), "token_rsa_public_key",
                "not a PEM-encoded RSA public key or X.509 certificate");
    }

    @Test
    void rsaKeyInEcSetting() {
        assertConfigError(config(null, null, pem(RSA.getPublic())), "token_ecdsa_public_key",
                "not a PEM-encoded EC public key or X.509 certificate");
    }

    @Test
    void rsaCertificateInEcSetting() {
        assertConfigError(config(null, null, TestTokens.CERT_PEM), "token_ecdsa_public_key",
                "holds a RSA key, expected EC");
    }

    @Test
    void garbageEcKey() {
        assertConfigError(config(null, null, "-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----"),
                "token_ecdsa_public_key", "not a PEM-encoded EC public key");
    }

    @Test
    void errorDoesNotEchoTheKeyMaterial() {
        String secretLooking = "-----BEGIN PUBLIC KEY-----\nU0VDUkVUU0VDUkVU\n-----END PUBLIC KEY-----";
        assertThatThrownBy(() -> new TokenVerifier(config(null, secretLooking, null), null, CLOCK))
                .isInstanceOf(ConfigException.class)
                .message().doesNotContain("U0VDUkVUU0VDUkVU");
    }

    private static void assertConfigError(TokenConfig config, String key, String reason) {
        assertThatThrownBy(() -> new TokenVerifier(config, null, CLOCK))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'" + key + "'")
                .hasMessageContaining(reason);
    }
}
