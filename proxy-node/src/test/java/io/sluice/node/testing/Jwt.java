package io.sluice.node.testing;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Mints HS256 tokens the way an application backend would, from a claims JSON object. */
public final class Jwt {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private Jwt() {
    }

    public static String hs256(String secret, String claimsJson) {
        return sign("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", claimsJson, secret);
    }

    /** A token for {@code user} valid for {@code ttlSeconds} (negative = already expired). */
    public static String forUser(String user, long ttlSeconds) {
        long exp = System.currentTimeMillis() / 1000 + ttlSeconds;
        return hs256(TestNode.SECRET, "{\"sub\":\"" + user + "\",\"exp\":" + exp + "}");
    }

    /** An unsigned token ({@code alg: none}) that a careless verifier would accept. */
    public static String unsigned(String claimsJson) {
        return b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(claimsJson) + ".";
    }

    private static String sign(String header, String claims, String secret) {
        String input = b64(header) + "." + b64(claims);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return input + "." + B64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(String json) {
        return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
