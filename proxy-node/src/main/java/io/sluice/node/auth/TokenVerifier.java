package io.sluice.node.auth;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.nimbusds.jose.Header;
import com.nimbusds.jose.JOSEObject;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.util.Base64URL;
import io.sluice.node.auth.TokenException.Reason;
import io.sluice.node.config.ConfigException;
import io.sluice.node.config.NodeConfig.TokenConfig;

import java.math.BigDecimal;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Verifies connection and subscription JWTs the way Centrifugo v5 does: HS256/384/512 with the HMAC
 * secret, RS256/384/512 with the RSA key, ES256/384/512 with the EC key, or, when a JWKS endpoint is
 * set, only with the keys it publishes; the signature is checked before any claim is read. Subscription
 * tokens use their own settings when configured separately. Thread-safe.
 */
public final class TokenVerifier {

    /** Compact serialization alphabet; rejects junk that nimbus's lenient base64 would skip. */
    private static final Pattern COMPACT_CHARS = Pattern.compile("[A-Za-z0-9_\\-.]+");

    /**
     * How one kind of token is checked.
     *
     * @param signatures        null when signatures are not checked ({@code client_insecure_skip_token_signature_verify})
     * @param customUserIdClaim whether {@code userIdClaim} was configured (Centrifugo then also accepts a numeric id)
     */
    private record Rules(SignatureCheck signatures, ExpectedClaim audience, ExpectedClaim issuer, String userIdClaim,
                         boolean customUserIdClaim) {
    }

    private final Rules connectionRules;
    private final Rules subscriptionRules;
    private final Clock clock;
    private final ObjectMapper mapper = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // keep numbers inside info/meta/data as written (1.10 stays 1.10)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    /**
     * @param connection   how connection tokens are verified
     * @param subscription how subscription tokens are verified; null = like connection tokens
     */
    public TokenVerifier(TokenConfig connection, TokenConfig subscription, Clock clock) throws ConfigException {
        this(connection, subscription, clock, JwksSettings.DEFAULT);
    }

    TokenVerifier(TokenConfig connection, TokenConfig subscription, Clock clock, JwksSettings jwks)
            throws ConfigException {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.connectionRules = rules(Objects.requireNonNull(connection, "connection"), jwks);
        this.subscriptionRules = subscription == null ? connectionRules : rules(subscription, jwks);
    }

    private static Rules rules(TokenConfig config, JwksSettings jwks) throws ConfigException {
        String rsaSetting = config.keyPrefix() + "rsa_public_key";
        String ecSetting = config.keyPrefix() + "ecdsa_public_key";
        RSAPublicKey rsaKey = isSet(config.rsaPublicKey())
                ? PemKeys.parse(rsaSetting, config.rsaPublicKey(), "RSA", RSAPublicKey.class)
                : null;
        ECPublicKey ecKey = isSet(config.ecdsaPublicKey())
                ? PemKeys.parse(ecSetting, config.ecdsaPublicKey(), "EC", ECPublicKey.class)
                : null;
        String hmacSecret = isSet(config.hmacSecretKey()) ? config.hmacSecretKey() : null;
        // Keys are parsed even when JWKS replaces them, so a broken one fails at start as in Centrifugo.
        SignatureCheck configuredKeys = new SignatureVerifier(hmacSecret, rsaKey, ecKey, ecSetting);
        SignatureCheck signatures = isSet(config.jwksPublicEndpoint())
                ? new JwksSignatureVerifier(jwksUrl(config), jwks)
                : configuredKeys;
        boolean customUserIdClaim = isSet(config.userIdClaim());
        return new Rules(config.skipSignatureVerify() ? null : signatures,
                expected(config.keyPrefix() + "audience_regex", config.audience(), config.audienceRegex()),
                expected(config.keyPrefix() + "issuer_regex", config.issuer(), config.issuerRegex()),
                customUserIdClaim ? config.userIdClaim() : "sub", customUserIdClaim);
    }

    private static URL jwksUrl(TokenConfig config) throws ConfigException {
        try {
            return new URI(config.jwksPublicEndpoint()).toURL();
        } catch (URISyntaxException | MalformedURLException | IllegalArgumentException e) {
            throw PemKeys.error(config.keyPrefix() + "jwks_public_endpoint", "not a valid URL: " + e.getMessage());
        }
    }

    private static ExpectedClaim expected(String regexSetting, String exact, String regex) throws ConfigException {
        try {
            return ExpectedClaim.of(exact, regex);
        } catch (PatternSyntaxException e) {
            throw PemKeys.error(regexSetting, "invalid regular expression: " + e.getDescription());
        }
    }

    /*
     * Both methods follow Centrifugo's order, so a token with several faults gets the same error
     * (and protocol code) as there: decode every claim (type errors), then aud/iss, channel, time.
     */

    public ConnectToken verifyConnectToken(String jwt) throws TokenException {
        Claims claims = verifiedClaims(connectionRules, jwt);
        String user = user(connectionRules, claims);
        Expiry expiry = expiry(claims);
        byte[] info = info(claims);
        byte[] meta = claims.json("meta");
        List<String> channels = claims.strings("channels");
        String channel = claims.string("channel");
        checkAudienceAndIssuer(connectionRules, claims);
        // As in Centrifugo, an empty "channel" is tolerated; a real one marks a subscription token.
        if (channel != null && !channel.isEmpty()) {
            throw Claims.invalid("connection token must not contain a channel claim");
        }
        expiry.check(clock.instant());
        return new ConnectToken(user, expiry.effectiveExpireAt(), info, meta, channels);
    }

    public SubscriptionToken verifySubscriptionToken(String jwt) throws TokenException {
        Claims claims = verifiedClaims(subscriptionRules, jwt);
        String user = user(subscriptionRules, claims);
        Expiry expiry = expiry(claims);
        byte[] info = info(claims);
        byte[] data = preferBase64(claims, "data", "b64data");
        String channel = claims.string("channel");
        String client = claims.string("client");
        checkAudienceAndIssuer(subscriptionRules, claims);
        expiry.check(clock.instant());
        if (channel == null || channel.isEmpty()) {
            throw Claims.invalid("subscription token requires a channel claim");
        }
        return new SubscriptionToken(user, channel, client == null ? "" : client, expiry.effectiveExpireAt(), info, data);
    }

    /** Parses the compact JWS and checks its signature; only then are the claims decoded. */
    private Claims verifiedClaims(Rules rules, String jwt) throws TokenException {
        if (jwt == null || !COMPACT_CHARS.matcher(jwt).matches()) {
            throw Claims.invalid("malformed token");
        }
        JWSObject jws;
        try {
            Base64URL[] parts = JOSEObject.split(jwt);
            if (parts.length != 3) {
                throw Claims.invalid("encrypted tokens (JWE) are not supported");
            }
            Header header = Header.parse(parts[0]);
            if (!(header instanceof JWSHeader)) {
                throw Claims.invalid("unsupported algorithm " + header.getAlgorithm()); // "none"
            }
            jws = new JWSObject(parts[0], parts[1], parts[2]);
        } catch (ParseException e) {
            throw Claims.invalid("malformed token");
        }
        // Extensions we do not implement must not be silently ignored (RFC 7515 §4.1.11, RFC 7797).
        if (jws.getHeader().getCriticalParams() != null || !jws.getHeader().isBase64URLEncodePayload()) {
            throw Claims.invalid("unsupported critical header parameter");
        }
        if (rules.signatures() != null) {
            rules.signatures().verify(jws);
        }
        return Claims.parse(mapper, jws.getPayload().toBytes());
    }

    private static String user(Rules rules, Claims claims) throws TokenException {
        String sub = claims.string("sub"); // type-checked even when another claim holds the user id
        return rules.customUserIdClaim() ? claims.userId(rules.userIdClaim(), true) : (sub == null ? "" : sub);
    }

    private Expiry expiry(Claims claims) throws TokenException {
        claims.numericDate("iat"); // not used, but must be well-typed
        claims.string("jti");
        return new Expiry(claims.numericDate("exp"), claims.numericDate("nbf"), claims.integer("expire_at"));
    }

    private static byte[] info(Claims claims) throws TokenException {
        return preferBase64(claims, "info", "b64info");
    }

    /** Centrifugo lets a non-empty base64 claim take precedence over its JSON twin. */
    private static byte[] preferBase64(Claims claims, String jsonClaim, String base64Claim) throws TokenException {
        byte[] json = claims.json(jsonClaim);
        byte[] decoded = claims.base64(base64Claim);
        return decoded != null ? decoded : json;
    }

    private static void checkAudienceAndIssuer(Rules rules, Claims claims) throws TokenException {
        List<String> audiences = claims.audience();
        String tokenIssuer = claims.string("iss");
        if (!rules.audience().acceptsAny(audiences)) {
            throw Claims.invalid("audience mismatch");
        }
        if (!rules.issuer().accepts(tokenIssuer)) {
            throw Claims.invalid("issuer mismatch");
        }
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }

    /**
     * Token validity window and the resulting connection/subscription expiry.
     *
     * @param exp      NumericDate or null
     * @param nbf      NumericDate or null
     * @param expireAtClaim Centrifugo's {@code expire_at} or null
     */
    private record Expiry(BigDecimal exp, BigDecimal nbf, Long expireAtClaim) {

        /** Same comparisons as Centrifugo (cristalhq/jwt): valid while now < exp and nbf < now; no leeway. */
        void check(Instant now) throws TokenException {
            BigDecimal nowSeconds = BigDecimal.valueOf(now.getEpochSecond()).add(BigDecimal.valueOf(now.getNano(), 9));
            if (exp != null && exp.compareTo(nowSeconds) <= 0) {
                throw new TokenException(Reason.EXPIRED, "token expired");
            }
            if (nbf != null && nbf.compareTo(nowSeconds) >= 0) {
                throw new TokenException(Reason.EXPIRED, "token not valid yet (nbf)");
            }
        }

        /** {@code expire_at} when present (0 or less = never), else {@code exp}, else 0. */
        long effectiveExpireAt() throws TokenException {
            if (expireAtClaim != null) {
                return Math.max(expireAtClaim, 0);
            }
            return exp == null ? 0 : Claims.unixSeconds("exp", exp);
        }
    }
}
