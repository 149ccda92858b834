package io.sluice.node.config.load;

import io.sluice.node.config.NodeConfig;
import static io.sluice.node.config.load.ConfigTestSupport.assertRefused;
import static io.sluice.node.config.load.ConfigTestSupport.load;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.node.config.NodeConfig.TokenConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The token security keys: read, refused when unsafe or contradictory, warned about when partly unused. */
class TokenKeysConfigTest {

    @Test
    void everyConnectionTokenKeyIsRead() throws Exception {
        NodeConfig c = load("""
                {"token_hmac_secret_key": "h", "token_jwks_public_endpoint": "https://idp.example/jwks.json",
                 "token_audience_regex": "^sluice-.*$", "token_issuer": "https://idp.example",
                 "token_user_id_claim": "uid", "disallow_anonymous_connection_tokens": true}
                """).config();
        assertThat(c.token()).isEqualTo(new TokenConfig("token_", "h", null, null, "https://idp.example/jwks.json",
                null, "^sluice-.*$", "https://idp.example", null, "uid", false));
        assertThat(c.disallowAnonymousConnectionTokens()).isTrue();
        assertThat(c.subscriptionToken()).isNull();
    }

    @Test
    void securityFlagsAreOffByDefault() throws Exception {
        NodeConfig c = load("{}").config();
        assertThat(c.disallowAnonymousConnectionTokens()).isFalse();
        assertThat(c.token().skipSignatureVerify()).isFalse();
        assertThat(c.subscriptionToken()).isNull();
    }

    @Test
    void aSeparateSubscriptionSetIsReadFromItsOwnKeys() throws Exception {
        NodeConfig c = load("""
                {"token_hmac_secret_key": "connection", "separate_subscription_token_config": true,
                 "subscription_token_hmac_secret_key": "subs", "subscription_token_issuer_regex": "idp",
                 "subscription_token_audience": "a", "subscription_token_user_id_claim": "uid"}
                """).config();
        assertThat(c.subscriptionToken()).isEqualTo(new TokenConfig("subscription_token_", "subs", null, null, null,
                "a", null, null, "idp", "uid", false));
        assertThat(c.token().hmacSecretKey()).isEqualTo("connection");
    }

    @ParameterizedTest
    @ValueSource(strings = {"subscription_token_hmac_secret_key", "subscription_token_rsa_public_key",
            "subscription_token_jwks_public_endpoint", "subscription_token_audience", "subscription_token_issuer"})
    void subscriptionKeysWithoutTheSwitchAreRefused(String key) {
        String value = key.endsWith("endpoint") ? "https://idp.example/jwks" : "x";
        assertRefused("{\"" + key + "\": \"" + value + "\"}", key,
                "only used when 'separate_subscription_token_config' is true");
    }

    @ParameterizedTest
    @ValueSource(strings = {"token_", "subscription_token_"})
    void aRegexThatDoesNotCompileIsRefusedNamingItsKey(String prefix) {
        assertRefused("{\"separate_subscription_token_config\": true, \"" + prefix + "audience_regex\": \"(\"}",
                prefix + "audience_regex", "invalid regular expression");
        assertRefused("{\"separate_subscription_token_config\": true, \"" + prefix + "issuer_regex\": \"[a-\"}",
                prefix + "issuer_regex", "invalid regular expression");
    }

    @Test
    void anExactValueAndItsRegexTogetherAreRefusedAsInCentrifugo() {
        assertRefused("{\"token_audience\": \"a\", \"token_audience_regex\": \"a\"}", "token_audience_regex",
                "can not be used together with 'token_audience'");
        assertRefused("{\"separate_subscription_token_config\": true, \"subscription_token_issuer\": \"i\","
                + " \"subscription_token_issuer_regex\": \"i\"}", "subscription_token_issuer_regex",
                "can not be used together with 'subscription_token_issuer'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"idp.example/jwks", "ftp://idp.example/jwks", "https:///jwks", "http://idp example/jwks"})
    void aJwksEndpointMustBeAnHttpUrl(String url) {
        assertRefused("{\"token_jwks_public_endpoint\": \"" + url + "\"}", "token_jwks_public_endpoint",
                "\"" + url + "\"", "URL");
    }

    @Test
    void aTemplatedJwksEndpointIsRefusedRatherThanFetchedLiterally() {
        assertRefused("{\"token_jwks_public_endpoint\": \"https://idp.example/{{tenant}}/jwks\"}",
                "token_jwks_public_endpoint", "templated endpoints", "not supported");
    }

    @Test
    void keysThatJwksMakesUnusedAreWarnedAbout() throws Exception {
        LoadedConfig loaded = load("{\"token_hmac_secret_key\": \"h\","
                + " \"token_jwks_public_endpoint\": \"http://127.0.0.1:1/jwks\"}");
        assertThat(loaded.warnings()).containsExactly("inline.json: key 'token_hmac_secret_key' is not used: with"
                + " 'token_jwks_public_endpoint' set, every token is verified with the keys the JWKS endpoint publishes");
    }

    @Test
    void skippingSignaturesIsReadForBothSetsAndWarnedAbout() throws Exception {
        LoadedConfig loaded = load("{\"client_insecure_skip_token_signature_verify\": true,"
                + " \"separate_subscription_token_config\": true}");
        assertThat(loaded.config().token().skipSignatureVerify()).isTrue();
        assertThat(loaded.config().subscriptionToken().skipSignatureVerify()).isTrue();
        assertThat(loaded.warnings()).singleElement().asString()
                .contains("client_insecure_skip_token_signature_verify", "anyone can forge a token");
    }

    @Test
    void theUserIdHeaderIsRefusedNotIgnored() throws Exception {
        assertRefused("{\"client_user_id_http_header\": \"X-User-Id\"}", "client_user_id_http_header",
                "not supported");
        assertThat(load("{\"client_user_id_http_header\": \"\"}").config()).isNotNull(); // Centrifugo's default
    }
}
