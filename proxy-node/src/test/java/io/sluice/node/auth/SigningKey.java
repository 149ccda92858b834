package io.sluice.node.auth;

import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Arrays;

/** A key pair a test signs tokens with, and the public JWK a JWKS endpoint would publish for it. */
final class SigningKey {

    @FunctionalInterface
    private interface Sign {
        byte[] sign(byte[] input) throws GeneralSecurityException, JOSEException;
    }

    private final String kid;
    private final JWSAlgorithm alg;
    private final Sign sign;
    /** The public JWK with a kid, a use and an alg (each may be null). */
    @FunctionalInterface
    private interface PublicJwk {
        JWK build(String kid, KeyUse use, Algorithm alg);
    }

    private final PublicJwk jwk;

    private SigningKey(String kid, JWSAlgorithm alg, Sign sign, PublicJwk jwk) {
        this.kid = kid;
        this.alg = alg;
        this.sign = sign;
        this.jwk = jwk;
    }

    /** An RSA 2048 key signing with {@code alg} (RS256, RS384 or RS512). */
    static SigningKey rsa(String kid, JWSAlgorithm alg) {
        KeyPair pair = generate("RSA", new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4));
        JWSSigner signer = new RSASSASigner(pair.getPrivate());
        return new SigningKey(kid, alg, input -> signer.sign(new JWSHeader(alg), input).decode(),
                (id, use, only) -> new RSAKey.Builder((RSAPublicKey) pair.getPublic())
                        .keyID(id).keyUse(use).algorithm(only).build());
    }

    /** An EC key on the curve of {@code alg} (ES256: P-256, ES384: P-384, ES512: P-521). */
    static SigningKey ec(String kid, JWSAlgorithm alg) {
        Curve curve = Curve.forJWSAlgorithm(alg).iterator().next();
        KeyPair pair = generate("EC", new ECGenParameterSpec(curve.getStdName()));
        try {
            JWSSigner signer = new ECDSASigner((ECPrivateKey) pair.getPrivate());
            return new SigningKey(kid, alg, input -> signer.sign(new JWSHeader(alg), input).decode(),
                    (id, use, only) -> new ECKey.Builder(curve, (ECPublicKey) pair.getPublic())
                            .keyID(id).keyUse(use).algorithm(only).build());
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An Ed25519 key signing EdDSA, through the JDK. */
    static SigningKey ed25519(String kid) {
        KeyPair pair = generate("Ed25519", null);
        byte[] spki = pair.getPublic().getEncoded();
        byte[] x = Arrays.copyOfRange(spki, spki.length - 32, spki.length); // the raw key ends the SPKI
        return new SigningKey(kid, JWSAlgorithm.EdDSA, input -> {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(pair.getPrivate());
            signature.update(input);
            return signature.sign();
        }, (id, use, only) -> new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(x))
                .keyID(id).keyUse(use).algorithm(only).build());
    }

    /** The public JWK as a JWKS endpoint publishes it: with this kid and {@code "use":"sig"}. */
    JWK jwk() {
        return jwk.build(kid, KeyUse.SIGNATURE, null);
    }

    /** The same JWK with a different use ({@code null} = no "use" member). */
    JWK jwkWithUse(KeyUse use) {
        return jwk.build(kid, use, null);
    }

    /** The same JWK restricted to one algorithm. */
    JWK jwkFor(JWSAlgorithm onlyAlg) {
        return jwk.build(kid, KeyUse.SIGNATURE, onlyAlg);
    }

    /** A token with this key's kid. */
    String token(String claimsJson) {
        return tokenWithHeader("{\"alg\":\"" + alg + "\",\"kid\":\"" + kid + "\",\"typ\":\"JWT\"}", claimsJson);
    }

    /** A token signed with this key under any header, e.g. one without a kid. */
    String tokenWithHeader(String headerJson, String claimsJson) {
        return TestTokens.compact(headerJson, claimsJson, input -> {
            try {
                return sign.sign(input);
            } catch (GeneralSecurityException | JOSEException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static KeyPair generate(String algorithm, AlgorithmParameterSpec spec) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (spec != null) {
                generator.initialize(spec);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
