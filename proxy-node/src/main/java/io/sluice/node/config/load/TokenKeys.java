package io.sluice.node.config.load;

import io.sluice.node.config.ConfigException;
import static io.sluice.node.config.load.Key.optional;

import io.sluice.node.config.NodeConfig.TokenConfig;
import java.util.List;

/**
 * The keys of one token verifier. Centrifugo v5 spells the connection set {@code token_*} and the
 * separate subscription set {@code subscription_token_*}; both mean the same, so one reader serves both.
 */
record TokenKeys(
        String prefix,
        Key<String> hmacSecretKey,
        Key<String> rsaPublicKey,
        Key<String> ecdsaPublicKey,
        Key<String> jwksPublicEndpoint,
        Key<String> audience,
        Key<String> audienceRegex,
        Key<String> issuer,
        Key<String> issuerRegex,
        Key<String> userIdClaim) {

    static TokenKeys withPrefix(String prefix) {
        return new TokenKeys(
                prefix,
                optional(prefix + "hmac_secret_key"),
                optional(prefix + "rsa_public_key"),
                optional(prefix + "ecdsa_public_key"),
                Key.of(prefix + "jwks_public_endpoint", Types.HTTP_URL, null),
                optional(prefix + "audience"),
                Key.of(prefix + "audience_regex", Types.REGEX_TEXT, null),
                optional(prefix + "issuer"),
                Key.of(prefix + "issuer_regex", Types.REGEX_TEXT, null),
                Key.of(prefix + "user_id_claim", Types.OPTIONAL_STRING, "sub"));
    }

    List<Key<?>> all() {
        return List.of(hmacSecretKey, rsaPublicKey, ecdsaPublicKey, jwksPublicEndpoint, audience, audienceRegex,
                issuer, issuerRegex, userIdClaim);
    }

    /** The connection token settings. */
    static TokenConfig connection(Section top, List<String> warnings) throws ConfigException {
        boolean skipSignatures = top.get(Keys.CLIENT_INSECURE_SKIP_TOKEN_SIGNATURE_VERIFY);
        if (skipSignatures) {
            warnings.add(top.origin(Keys.CLIENT_INSECURE_SKIP_TOKEN_SIGNATURE_VERIFY).warning("is on: token"
                    + " signatures are not checked, so anyone can forge a token; never use it in production"));
        }
        return Keys.CONNECTION_TOKEN.read(top, skipSignatures, warnings);
    }

    /**
     * The subscription token settings when {@code separate_subscription_token_config} is on, else null
     * (subscription tokens are then checked like connection tokens). Centrifugo ignores
     * {@code subscription_token_*} keys while the switch is off; Sluice refuses them, because an operator
     * who set one believes subscription tokens need that key, and they would not.
     */
    static TokenConfig separateSubscription(Section top, List<String> warnings) throws ConfigException {
        TokenKeys keys = Keys.SUBSCRIPTION_TOKEN;
        if (top.get(Keys.SEPARATE_SUBSCRIPTION_TOKEN_CONFIG)) {
            return keys.read(top, top.get(Keys.CLIENT_INSECURE_SKIP_TOKEN_SIGNATURE_VERIFY), warnings);
        }
        for (Key<?> key : keys.all()) {
            if (key != keys.userIdClaim && top.get(key) != null) {
                throw top.origin(key).error("is only used when '" + Keys.SEPARATE_SUBSCRIPTION_TOKEN_CONFIG.name()
                        + "' is true; set that, or remove this key (subscription tokens are now checked with the"
                        + " connection token keys)");
            }
        }
        return null;
    }

    private TokenConfig read(Section top, boolean skipSignatures, List<String> warnings) throws ConfigException {
        refuseBoth(top, audience, audienceRegex);
        refuseBoth(top, issuer, issuerRegex);
        if (top.get(jwksPublicEndpoint) != null) {
            for (Key<String> key : List.of(hmacSecretKey, rsaPublicKey, ecdsaPublicKey)) {
                if (top.get(key) != null) {
                    warnings.add(top.origin(key).warning("is not used: with '" + jwksPublicEndpoint.name()
                            + "' set, every token is verified with the keys the JWKS endpoint publishes"));
                }
            }
        }
        return new TokenConfig(prefix, top.get(hmacSecretKey), top.get(rsaPublicKey), top.get(ecdsaPublicKey),
                top.get(jwksPublicEndpoint), top.get(audience), top.get(audienceRegex), top.get(issuer),
                top.get(issuerRegex), top.get(userIdClaim), skipSignatures);
    }

    /** Centrifugo refuses to start when a claim has both an exact value and a regex. */
    private static void refuseBoth(Section top, Key<String> exact, Key<String> regex) throws ConfigException {
        if (top.get(exact) != null && top.get(regex) != null) {
            throw top.origin(regex).error("can not be used together with '" + exact.name() + "': configure only"
                    + " one of them");
        }
    }
}
