package io.sluice.node.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The aud/iss rule alone: exact values, Go-style unanchored regexes, absent claims. */
class ExpectedClaimTest {

    @Test
    void nothingConfiguredAcceptsAnythingAndNothing() {
        ExpectedClaim any = ExpectedClaim.of(null, " ");
        assertThat(any).isEqualTo(ExpectedClaim.ANY);
        assertThat(any.accepts(null)).isTrue();
        assertThat(any.accepts("whoever")).isTrue();
        assertThat(any.acceptsAny(List.of())).isTrue();
    }

    @Test
    void exactValueMustBeEqual() {
        ExpectedClaim exact = ExpectedClaim.of("https://auth.example", null);
        assertThat(exact.accepts("https://auth.example")).isTrue();
        assertThat(exact.accepts("https://auth.example/")).isFalse();
        assertThat(exact.accepts(null)).isFalse();
        assertThat(exact.acceptsAny(List.of("other", "https://auth.example"))).isTrue();
        assertThat(exact.acceptsAny(List.of())).isFalse();
    }

    @Test
    void regexFindsAMatchAnywhereLikeGo() {
        ExpectedClaim contains = ExpectedClaim.of(null, "example\\.com");
        assertThat(contains.accepts("https://tenant.example.com/issuer")).isTrue();
        assertThat(contains.accepts("https://example.org")).isFalse();

        ExpectedClaim anchored = ExpectedClaim.of(null, "^https://[a-z]+\\.example\\.com$");
        assertThat(anchored.accepts("https://acme.example.com")).isTrue();
        assertThat(anchored.accepts("https://acme.example.com.evil.example")).isFalse();
    }

    @Test
    void regexSeesAnAbsentIssuerAsEmpty() {
        assertThat(ExpectedClaim.of(null, "^$").accepts(null)).isTrue();
        assertThat(ExpectedClaim.of(null, "^auth$").accepts(null)).isFalse();
    }

    @Test
    void audienceRegexNeedsOneMatchingEntry() {
        ExpectedClaim audience = ExpectedClaim.of(null, "^sluice-[0-9]+$");
        assertThat(audience.acceptsAny(List.of("billing", "sluice-7"))).isTrue();
        assertThat(audience.acceptsAny(List.of("billing", "sluice-x"))).isFalse();
        assertThat(audience.acceptsAny(List.of())).isFalse();
    }
}
