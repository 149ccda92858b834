package io.sluice.node.api;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ApiAuthTest {

    private static HttpHeaders headers(String name, String value) {
        return new DefaultHttpHeaders().add(name, value);
    }

    @Test
    void acceptsTheKeyInEveryCentrifugoForm() {
        assertThat(ApiAuth.authorized("k", false, headers("X-API-Key", "k"), Map.of())).isTrue();
        assertThat(ApiAuth.authorized("k", false, headers("Authorization", "apikey k"), Map.of())).isTrue();
        assertThat(ApiAuth.authorized("k", false, headers("Authorization", "APIKEY k"), Map.of())).isTrue();
        assertThat(ApiAuth.authorized("k", false, new DefaultHttpHeaders(), Map.of("api_key", List.of("k")))).isTrue();
    }

    @Test
    void refusesMissingWrongAndUnconfiguredKeys() {
        assertThat(ApiAuth.authorized("k", false, new DefaultHttpHeaders(), Map.of())).isFalse();
        assertThat(ApiAuth.authorized("k", false, headers("X-API-Key", "x"), Map.of())).isFalse();
        assertThat(ApiAuth.authorized("k", false, headers("Authorization", "bearer k"), Map.of())).isFalse();
        assertThat(ApiAuth.authorized("", false, headers("X-API-Key", ""), Map.of())).isFalse();
        assertThat(ApiAuth.authorized(null, true, new DefaultHttpHeaders(), Map.of())).isTrue();
    }

    @Test
    void channelPatternsAreGlobs() {
        assertThat(ServerApi.globToRegex("")).isNull();
        assertThat(ServerApi.globToRegex("chat:*").matcher("chat:room").matches()).isTrue();
        assertThat(ServerApi.globToRegex("chat:*").matcher("news:room").matches()).isFalse();
        assertThat(ServerApi.globToRegex("a.?").matcher("a.b").matches()).isTrue();
        assertThat(ServerApi.globToRegex("a.?").matcher("axb").matches()).isFalse();
    }
}
