package io.sluice.node.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.crypto.impl.ECDSA;
import io.sluice.node.auth.TokenException.Reason;
import io.sluice.node.config.ConfigException;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks JWS signatures. Each algorithm is bound to exactly one configured key when built, so the
 * token's {@code alg} header can only select a key of its own kind: an HS256 token can never be
 * checked against the RSA key's PEM text, nor an RS256 token against the HMAC secret.
 */
final class SignatureVerifier implements SignatureCheck {

    private static final Set<JWSAlgorithm> HMAC = Set.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512);
    static final Set<JWSAlgorithm> RSA = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512);
    static final Set<JWSAlgorithm> EC = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);

    /** Returns whether the signature of a JWS is valid. */
    @FunctionalInterface
    private interface Check {
        boolean matches(JWSObject jws) throws JOSEException;
    }

    private final Map<JWSAlgorithm, Check> checks = new HashMap<>();

    /**
     * Each key may be null (not configured).
     *
     * @param ecKeySetting the EC key's config key, to name it in errors
     */
    SignatureVerifier(String hmacSecret, RSAPublicKey rsaKey, ECPublicKey ecKey, String ecKeySetting)
            throws ConfigException {
        if (hmacSecret != null) {
            byte[] secret = hmacSecret.getBytes(StandardCharsets.UTF_8);
            for (JWSAlgorithm alg : HMAC) {
                checks.put(alg, jws -> hmacMatches(alg, secret, jws));
            }
        }
        if (rsaKey != null) {
            JWSVerifier rsa = new RSASSAVerifier(rsaKey);
            for (JWSAlgorithm alg : RSA) {
                checks.put(alg, jws -> jws.verify(rsa));
            }
        }
        if (ecKey != null) {
            addEc(ecKey, ecKeySetting);
        }
    }

    /** An EC key serves only the one algorithm of its curve (P-256: ES256, P-384: ES384, P-521: ES512). */
    private void addEc(ECPublicKey ecKey, String ecKeySetting) throws ConfigException {
        try {
            JWSAlgorithm alg = ECDSA.resolveAlgorithm(ecKey);
            if (EC.contains(alg)) {
                JWSVerifier verifier = new ECDSAVerifier(ecKey);
                checks.put(alg, jws -> jws.verify(verifier));
                return;
            }
        } catch (JOSEException e) {
            // a curve nimbus does not know: reported below
        }
        throw PemKeys.error(ecKeySetting, "unsupported EC curve (expected P-256, P-384 or P-521)");
    }

    @Override
    public void verify(JWSObject jws) throws TokenException {
        JWSAlgorithm alg = jws.getHeader().getAlgorithm();
        if (!HMAC.contains(alg) && !RSA.contains(alg) && !EC.contains(alg)) {
            throw new TokenException(Reason.INVALID, "unsupported algorithm " + alg);
        }
        Check check = checks.get(alg);
        if (check == null) {
            throw new TokenException(Reason.INVALID, "no key configured for algorithm " + alg);
        }
        boolean valid;
        try {
            valid = check.matches(jws);
        } catch (JOSEException e) {
            valid = false; // e.g. an ECDSA signature of the wrong length
        }
        if (!valid) {
            throw new TokenException(Reason.INVALID, "signature mismatch");
        }
    }

    /**
     * HMAC by hand: nimbus's MACVerifier refuses secrets under 256 bits, but Centrifugo accepts any
     * length and short secrets are common in real configs.
     */
    private static boolean hmacMatches(JWSAlgorithm alg, byte[] secret, JWSObject jws) {
        String macAlgorithm = "HmacSHA" + alg.getName().substring(2);
        try {
            Mac mac = Mac.getInstance(macAlgorithm);
            mac.init(new SecretKeySpec(secret, macAlgorithm));
            byte[] expected = mac.doFinal(jws.getSigningInput());
            return MessageDigest.isEqual(expected, jws.getSignature().decode()); // constant time
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks " + macAlgorithm, e);
        }
    }
}
