package io.sluice.node.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import io.sluice.node.auth.TokenException.Reason;

import java.net.URL;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.List;

/**
 * Checks signatures with the keys a JWKS endpoint publishes, as Centrifugo v5 does with
 * {@code token_jwks_public_endpoint}: the token's {@code kid} picks a key whose {@code use} is "sig";
 * RSA keys verify RS256/384/512, EC keys ES256/384/512 of their curve, Ed25519 (OKP) keys EdDSA. A key
 * that names an {@code alg} serves only that algorithm. The key set is cached and, when a token names a
 * kid it lacks, fetched again (rate-limited). Any failure to get a key, the endpoint being down included,
 * makes the token INVALID: Centrifugo answers every JWKS error with "invalid token".
 *
 * <p>A fetch blocks the calling thread for up to twice the HTTP timeout; it happens only on a cache miss.
 */
final class JwksSignatureVerifier implements SignatureCheck {

    /** A JWKS document is a few KiB; this bounds what a misbehaving endpoint can make the node read. */
    private static final int SIZE_LIMIT_BYTES = 512 * 1024;
    /** DER prefix of an Ed25519 SubjectPublicKeyInfo; the 32-byte public key follows (RFC 8410). */
    private static final byte[] ED25519_SPKI_PREFIX =
            {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
    private static final int ED25519_KEY_BYTES = 32;

    private final JWKSource<SecurityContext> keys;

    JwksSignatureVerifier(URL endpoint, JwksSettings settings) {
        int timeoutMillis = Math.toIntExact(settings.httpTimeout().toMillis());
        this.keys = JWKSourceBuilder.create(endpoint,
                        new DefaultResourceRetriever(timeoutMillis, timeoutMillis, SIZE_LIMIT_BYTES))
                // others wait for a fetch in progress as long as it can take: two attempts, each a connect and a read
                .cache(settings.cacheTtl().toMillis(), 4L * timeoutMillis)
                .refreshAheadCache(false) // would need a background thread; a fetch per TTL is cheap
                .rateLimited(settings.minRefreshInterval().toMillis())
                .retrying(true)
                .build();
    }

    @Override
    public void verify(JWSObject jws) throws TokenException {
        String kid = jws.getHeader().getKeyID();
        if (kid == null || kid.isEmpty()) {
            throw invalid("token has no kid header, so no JWKS key can be chosen");
        }
        JWSAlgorithm alg = jws.getHeader().getAlgorithm();
        JWKMatcher matcher = matcher(alg, kid);
        if (matcher == null) {
            throw invalid("algorithm " + alg + " is not supported with JWKS");
        }
        List<JWK> candidates;
        try {
            candidates = keys.get(new JWKSelector(matcher), null);
        } catch (KeySourceException e) {
            throw invalid("JWKS keys unavailable: " + e.getMessage());
        }
        if (candidates.isEmpty()) {
            throw invalid("no JWKS signing key with kid '" + kid + "' for " + alg);
        }
        for (JWK key : candidates) {
            if (signedBy(key, jws)) {
                return;
            }
        }
        throw invalid("signature mismatch");
    }

    /** The keys that may have signed a token of {@code alg} and {@code kid}; null for an unsupported alg. */
    static JWKMatcher matcher(JWSAlgorithm alg, String kid) {
        JWKMatcher.Builder match = new JWKMatcher.Builder()
                .keyID(kid)
                .keyUse(KeyUse.SIGNATURE) // Centrifugo skips keys whose use is not "sig", absent included
                .algorithms(alg, null);
        if (SignatureVerifier.RSA.contains(alg)) {
            return match.keyType(KeyType.RSA).build();
        }
        if (SignatureVerifier.EC.contains(alg)) {
            return match.keyType(KeyType.EC).curves(Curve.forJWSAlgorithm(alg)).build();
        }
        if (JWSAlgorithm.EdDSA.equals(alg)) {
            return match.keyType(KeyType.OKP).curve(Curve.Ed25519).build();
        }
        return null;
    }

    private static boolean signedBy(JWK key, JWSObject jws) {
        try {
            if (key instanceof OctetKeyPair okp) {
                return ed25519Matches(okp.getDecodedX(), jws);
            }
            JWSVerifier verifier = key instanceof RSAKey rsa
                    ? new RSASSAVerifier(rsa.toRSAPublicKey())
                    : new ECDSAVerifier(((ECKey) key).toECPublicKey());
            return jws.verify(verifier);
        } catch (JOSEException e) {
            return false; // an unusable key, or a signature of the wrong length
        }
    }

    /** Ed25519 through the JDK (nimbus's Ed25519Verifier would need Google Tink). */
    private static boolean ed25519Matches(byte[] publicKey, JWSObject jws) {
        if (publicKey.length != ED25519_KEY_BYTES) {
            return false;
        }
        byte[] spki = new byte[ED25519_SPKI_PREFIX.length + ED25519_KEY_BYTES];
        System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
        System.arraycopy(publicKey, 0, spki, ED25519_SPKI_PREFIX.length, ED25519_KEY_BYTES);
        try {
            PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
            Signature signature = Signature.getInstance("Ed25519");
            signature.initVerify(key);
            signature.update(jws.getSigningInput());
            return signature.verify(jws.getSignature().decode());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks Ed25519", e);
        } catch (GeneralSecurityException e) {
            return false; // not a point on the curve, or a malformed signature
        }
    }

    private static TokenException invalid(String message) {
        return new TokenException(Reason.INVALID, message);
    }
}
