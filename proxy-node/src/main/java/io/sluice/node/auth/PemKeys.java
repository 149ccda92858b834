package io.sluice.node.auth;

import io.sluice.node.config.ConfigException;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the public keys of the {@code token_*_public_key} settings. Like Centrifugo, the first PEM
 * block is used whatever its label, and may hold either a SubjectPublicKeyInfo ("PUBLIC KEY") or an
 * X.509 certificate whose key is taken.
 */
final class PemKeys {

    private static final Pattern PEM_BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    /** RFC 1421 encapsulated headers (e.g. "Proc-Type: ...") that may precede the base64 body. */
    private static final Pattern PEM_HEADER_LINE = Pattern.compile("(?m)^[A-Za-z-]+:.*$");

    private PemKeys() {
    }

    /**
     * @param configKey  the setting's name, for the error message
     * @param algorithm  the JCA key algorithm expected: "RSA" or "EC"
     * @param keyType    the type expected, e.g. {@code RSAPublicKey.class}
     */
    static <K extends PublicKey> K parse(String configKey, String pem, String algorithm, Class<K> keyType)
            throws ConfigException {
        byte[] der = pemBody(configKey, pem);
        PublicKey key = subjectPublicKeyInfo(der, algorithm);
        if (key == null) {
            key = certificateKey(der);
        }
        if (key == null) {
            throw error(configKey, "not a PEM-encoded " + algorithm + " public key or X.509 certificate");
        }
        if (!keyType.isInstance(key)) {
            throw error(configKey, "holds a " + key.getAlgorithm() + " key, expected " + algorithm);
        }
        return keyType.cast(key);
    }

    static ConfigException error(String configKey, String reason) {
        return new ConfigException("config error: key '" + configKey + "': " + reason);
    }

    private static byte[] pemBody(String configKey, String pem) throws ConfigException {
        Matcher block = PEM_BLOCK.matcher(pem);
        if (!block.find()) {
            throw error(configKey, "no PEM block (-----BEGIN ...----- / -----END ...-----) found");
        }
        String body = PEM_HEADER_LINE.matcher(block.group(2)).replaceAll("").replaceAll("\\s", "");
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw error(configKey, "PEM body is not valid base64");
        }
    }

    /** The key if {@code der} is a SubjectPublicKeyInfo of the given algorithm, else null. */
    private static PublicKey subjectPublicKeyInfo(byte[] der, String algorithm) {
        try {
            return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            return null;
        }
    }

    /** The certificate's key if {@code der} is an X.509 certificate, else null. */
    private static PublicKey certificateKey(byte[] der) {
        try {
            return CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der))
                    .getPublicKey();
        } catch (GeneralSecurityException | RuntimeException e) {
            return null;
        }
    }
}
