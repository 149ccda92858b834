package io.sluice.node.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import io.sluice.node.config.ConfigException;
import io.sluice.node.config.NodeConfig.TokenConfig;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Keys, configs and hand-built JWTs for the verifier tests. */
final class TestTokens {

    /** 2024-01-01T00:00:00Z = 1704067200. */
    static final long NOW = 1_704_067_200L;
    static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);

    static final String SECRET = "secret";

    static final KeyPair RSA = generate("RSA", new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4));
    static final KeyPair P256 = generate("EC", new ECGenParameterSpec("secp256r1"));
    static final KeyPair P384 = generate("EC", new ECGenParameterSpec("secp384r1"));
    static final KeyPair P521 = generate("EC", new ECGenParameterSpec("secp521r1"));

    /** A self-signed RSA certificate and its key (test fixture, made with openssl req -x509). */
    static final String CERT_PEM = """
            -----BEGIN CERTIFICATE-----
            MIIDDzCCAfegAwIBAgIUMXUje4NELM2VAlV06H9ibuFnmwYwDQYJKoZIhvcNAQEL
            BQAwFjEUMBIGA1UEAwwLc2x1aWNlLXRlc3QwIBcNMjYxMTI0MDMzOTUyWhgPMjEy
            NjEwMzEwMzM5NTJaMBYxFDASBgNVBAMMC3NsdWljZS10ZXN0MIIBIjANBgkqhkiG
            9w0BAQEFAAOCAQ8AMIIBCgKCAQEA1EAXpp/ka1fD5uNfe3EiYPLrrJb8n9iz8mNp
            G3M3OFLTNa4iRwjwWRVLmFEoS3QKoURsiNBAHzPrP/6mi4hlVTlyMaqr/8pnrmS0
            SKVIXAvWl/e/vhhP/LqRCfII/opND5Zys/pb0cczM1t23McNh2lpeHlf3i+Qkp0C
            A2mFqnXACRHMIeJAxW9b5ML986sq3gnm4wzckff25PjqGwmJvLIhr2s5Qpn4qHhx
            0OOT4TvL7/dHxg75GROKv0OiHZ0NEBcqSWCixWc1f3x++5UPKZ2rDAYj8TpfmR/x
            cNuwaeEDYFKvyu59hqKoCW8fzoqTWgbTF42FxzsHhei6ohFO/wIDAQABo1MwUTAd
            BgNVHQ4EFgQUFBlYU3bYyPfkKExfQkr+B0pu27YwHwYDVR0jBBgwFoAUFBlYU3bY
            yPfkKExfQkr+B0pu27YwDwYDVR0TAQH/BAUwAwEB/zANBgkqhkiG9w0BAQsFAAOC
            AQEAZ4g7Ak9aEKVn+f+OhjpPiPYBsFaLI4y+yO+GE9mS4YUfGmboz24DH8F4WE8Y
            FuMkkvEhtv2z/ro1Z03wH11cJzfH6PGGSGIvdToBZpYwoljyipikzUw1Uv+a97fx
            ifLHi2ukjXSNnjErnIMbeVuPT9fKNsslZhzEzKUVgBzXJrbF2Iwppt+XCuT0ausd
            zAAP1ZwZ5vStYOUMCCQgwxYsvBGadt1VHH6pPVLv8AAf8lRFjhWjUXea+LOYNhHk
            LOJVws1RoQ7r3yiVg6UR9alVeHSRCikv/YloqXHstAEdH5vsxkT5Y+S/w0kuq6o8
            rfmQtbuAneaZRgJxuzpkUtVRoQ==
            -----END CERTIFICATE-----
            """;
    static final String CERT_PRIVATE_KEY_PEM = """
            -----BEGIN PRIVATE KEY-----
            MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQDUQBemn+RrV8Pm
            4197cSJg8uuslvyf2LPyY2kbczc4UtM1riJHCPBZFUuYUShLdAqhRGyI0EAfM+s/
            /qaLiGVVOXIxqqv/ymeuZLRIpUhcC9aX97++GE/8upEJ8gj+ik0PlnKz+lvRxzMz
            W3bcxw2HaWl4eV/eL5CSnQIDaYWqdcAJEcwh4kDFb1vkwv3zqyreCebjDNyR9/bk
            +OobCYm8siGvazlCmfioeHHQ45PhO8vv90fGDvkZE4q/Q6IdnQ0QFypJYKLFZzV/
            fH77lQ8pnasMBiPxOl+ZH/Fw27Bp4QNgUq/K7n2GoqgJbx/OipNaBtMXjYXHOweF
            6LqiEU7/AgMBAAECggEAT26vCzoyg2Okmo+ER8/GtG6k+YHGCFJSwccnalD7nPYO
            OjwxctErFcOs91OEF3zVj5XqYmdBYAwPofL8xCJm/faSQHklhoRque7RM5C7nEsH
            4/ahiRRTNvthVU4BxLTgcxF0Wtu6qi74/+LegHB0JTWzdZVC5gV5/wyIWNuQXQKm
            I8v9ulYyW18WqPS1XCzTMoaLFzny1NTm1Mn+ZIDTdx4irTYlaCri1haT9Y4qZ+KB
            LQIUF9xEGHD9syO9IA5n0rHZCRRmWsolxnYUId5+0pNbE+OwKHgWSumbJKqQGKYb
            zxMLmodamFe9efo+4zqa5ddnzrYJDqsV+fFEzxKlCQKBgQD9nx5lgijApOfssqTC
            TlmnxqPCm/TcT+E0YVGWS7cQv2iMvgnJDVoCxtu1TIigNBDmEiMrNqazwpCTzwgD
            Ed3Sglk3h7UdI1LV7zXcaJhep4MhNIVY5p/sP4WCKBRAl+5JVGef8RF7FHebrIqE
            xp6fNJ6IhLRsYRnSNEbmAlIqeQKBgQDWPabgbv3oN1oDsTwg4n87AUtvh9fzE+D6
            WUSbFsANk2K1HQsXXpsrkVzrfDfBoeVTKibJlh7GOb/nUSnDzJPoidonWlER1d28
            jUQjtGA7UtMEjh+UyjXtfJS9iGZbuwZcSGqlKVIX0f+RF2rbR8jnEXk0OwQ67DSg
            R1/jSQ/nNwKBgCr2r5GGkRzBUsCYKqz31NxFHCy1eq9voLjc25NYVDS0GCPvdXzn
            lB3wTfvScTqiV1KCNA73/Rlqlk9TvQm4Fxm4FyD/DkFXYIr5MOibl2RBgEc5vHUo
            7GJ7CETaQUQH+MfXUo6XqdxtxS1L91MyymAx68E4qc/KSzN+w5vnPMARAoGBAId4
            iqpGZPXO8nN9QhlFP9Cu2+WVj58chdmoUvKCq0SqWvNNfzLy1snw7EHX1WXympFB
            CS/VZnZQFCIQN4mhNjIH4VObD8JoawMMjPbK20MH93lc6WlriDg429ERjDAbDkWS
            YSU5ALkhSCqWFTK9rLM4YFz/qIgdzpU/LMoK7Cx3AoGBAN/4ZOokpDEgXJX/dytr
            11s3MpioF1nQbe4OmiRRieDe2oIwsPOq9AfxuLZ5V1qhY7mxSKqA3EY1FKg2qyjs
            wuX/liN4sraS98wF59yEzrKxhxlfvyZJEJUQ3bdvFnKFeEiEHExPSuxx+KJGL5zL
            jj1veCCvCH9DI6PFrX6D9mXm
            -----END PRIVATE KEY-----
            """;

    private TestTokens() {
    }

    // --- configs and verifiers

    static TokenConfig config(String hmac, String rsaPem, String ecPem) {
        return new TokenConfig("token_", hmac, rsaPem, ecPem, null, null, null, null, null, null, false);
    }

    /** HMAC {@link #SECRET} with these aud/iss rules; null = not set. */
    static TokenConfig hmacConfig(String audience, String audienceRegex, String issuer, String issuerRegex) {
        return new TokenConfig("token_", SECRET, null, null, null, audience, audienceRegex, issuer, issuerRegex, null,
                false);
    }

    /** Only the JWKS endpoint at {@code url}, beside an HMAC secret that it must make unused. */
    static TokenConfig jwksConfig(String url) {
        return new TokenConfig("token_", SECRET, null, null, url, null, null, null, null, null, false);
    }

    static TokenVerifier verifier(TokenConfig config) {
        try {
            return new TokenVerifier(config, null, CLOCK);
        } catch (ConfigException e) {
            throw new AssertionError(e);
        }
    }

    /** Verifier with only the HMAC secret "secret". */
    static TokenVerifier hmacVerifier() {
        return verifier(config(SECRET, null, null));
    }

    static String pem(PublicKey key) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
    }

    static PrivateKey certPrivateKey() throws GeneralSecurityException {
        String body = CERT_PRIVATE_KEY_PEM.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
    }

    // --- tokens

    /** HS* token signed by hand (nimbus's MACSigner refuses short secrets such as "secret"). */
    static String hmac(String alg, String secret, String claimsJson) {
        return compact(header(alg), claimsJson, input -> mac(alg, secret, input));
    }

    /** HS256 token with {@link #SECRET}. */
    static String hs256(String claimsJson) {
        return hmac("HS256", SECRET, claimsJson);
    }

    /** RS* or ES* token signed by nimbus with the given private key. */
    static String signed(String alg, PrivateKey key, String claimsJson) {
        return compact(header(alg), claimsJson, input -> {
            try {
                JWSSigner signer = key instanceof ECPrivateKey ec ? new ECDSASigner(ec) : new RSASSASigner(key);
                return signer.sign(new JWSHeader(JWSAlgorithm.parse(alg)), input).decode();
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** header.payload.signature with both JSON texts base64url-encoded exactly as given. */
    static String compact(String headerJson, String claimsJson, Signer signer) {
        String input = b64url(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
                + b64url(claimsJson.getBytes(StandardCharsets.UTF_8));
        return input + "." + b64url(signer.sign(input.getBytes(StandardCharsets.US_ASCII)));
    }

    static String header(String alg) {
        return "{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}";
    }

    static String b64url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static byte[] mac(String alg, String secret, byte[] input) {
        String name = "HmacSHA" + alg.substring(2);
        try {
            Mac mac = Mac.getInstance(name);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), name));
            return mac.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @FunctionalInterface
    interface Signer {
        byte[] sign(byte[] signingInput);
    }

    private static KeyPair generate(String algorithm, AlgorithmParameterSpec spec) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            generator.initialize(spec);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
