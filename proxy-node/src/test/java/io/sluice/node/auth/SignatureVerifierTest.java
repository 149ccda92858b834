package io.sluice.node.auth;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.node.config.ConfigException;

import java.math.BigInteger;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.EllipticCurve;
import org.junit.jupiter.api.Test;

/** Paths of {@link SignatureVerifier} that PEM-based tests cannot reach on this JDK. */
class SignatureVerifierTest {

    @Test
    void ecKeyOnACurveWithoutCentrifugoAlgorithmIsAConfigError() {
        // secp256k1 (ES256K): the JDK no longer generates it, so the key is built from its parameters.
        BigInteger p = new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F", 16);
        ECPoint g = new ECPoint(
                new BigInteger("79BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798", 16),
                new BigInteger("483ADA7726A3C4655DA4FBFC0E1108A8FD17B448A68554199C47D08FFB10D4B8", 16));
        BigInteger n = new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);
        ECParameterSpec secp256k1 = new ECParameterSpec(
                new EllipticCurve(new ECFieldFp(p), BigInteger.ZERO, BigInteger.valueOf(7)), g, n, 1);
        ECPublicKey key = new ECPublicKey() {
            @Override public ECPoint getW() { return g; }
            @Override public ECParameterSpec getParams() { return secp256k1; }
            @Override public String getAlgorithm() { return "EC"; }
            @Override public String getFormat() { return null; }
            @Override public byte[] getEncoded() { return null; }
        };
        assertThatThrownBy(() -> new SignatureVerifier(null, null, key, "token_ecdsa_public_key"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'token_ecdsa_public_key'")
                .hasMessageContaining("unsupported EC curve");
    }
}
