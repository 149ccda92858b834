package io.sluice.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.node.config.RedisAddress.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The forms of {@code redis_address} entries, parsed without any Redis. */
class RedisAddressTest {

    @Test
    void plainServerWithDefaultsCredentialsAndDatabase() {
        assertThat(RedisAddress.parse("redis://127.0.0.1:6380"))
                .isEqualTo(new RedisAddress(Kind.SERVER, false, List.of("127.0.0.1:6380"), null, null, 0, null, null));
        assertThat(RedisAddress.parse("redis-host"))
                .isEqualTo(new RedisAddress(Kind.SERVER, false, List.of("redis-host:6379"), null, null, 0, null, null));
        assertThat(RedisAddress.parse("rediss://app:s%40cret@r.example:6390/2"))
                .isEqualTo(new RedisAddress(Kind.SERVER, true, List.of("r.example:6390"), "app", "s@cret", 2, null, null));
        assertThat(RedisAddress.parse("redis://:only-password@r?db=5"))
                .isEqualTo(new RedisAddress(Kind.SERVER, false, List.of("r:6379"), null, "only-password", 5, null, null));
    }

    @Test
    void sentinelFormNamesMasterAndEverySentinel() {
        RedisAddress a = RedisAddress.parse(
                "redis+sentinel://:pw@s1:26379?sentinel_master_name=mymaster&addr=s2:26380&addr=s3&sentinel_password=sp&db=1");
        assertThat(a.kind()).isEqualTo(Kind.SENTINEL);
        assertThat(a.hosts()).containsExactly("s1:26379", "s2:26380", "s3:26379");
        assertThat(a.sentinelMasterName()).isEqualTo("mymaster");
        assertThat(a.password()).isEqualTo("pw");
        assertThat(a.sentinelPassword()).isEqualTo("sp");
        assertThat(a.db()).isEqualTo(1);
        assertThat(a.nodeUri("s2:26380")).isEqualTo("redis://s2:26380");
    }

    @Test
    void clusterFormListsSeeds() {
        RedisAddress a = RedisAddress.parse("rediss+cluster://c1:7000,c2:7001?addr=c3:7002");
        assertThat(a.kind()).isEqualTo(Kind.CLUSTER);
        assertThat(a.tls()).isTrue();
        assertThat(a.hosts()).containsExactly("c1:7000", "c2:7001", "c3:7002");
        assertThat(a.nodeUri("c1:7000")).isEqualTo("rediss://c1:7000");
    }

    @Test
    void logsNeverShowThePassword() {
        assertThat(RedisAddress.parse("redis://u:topsecret@r:6379").toString()).isEqualTo("redis://u@r:6379")
                .doesNotContain("topsecret");
        assertThat(RedisAddress.parse("redis+sentinel://:x@s?sentinel_master_name=m").toString())
                .isEqualTo("redis+sentinel://s:26379?sentinel_master_name=m");
    }

    @Test
    void malformedAddressesSayWhatIsWrong() {
        assertThatThrownBy(() -> RedisAddress.parse("memcached://m:11211")).hasMessageContaining("unknown scheme 'memcached'");
        assertThatThrownBy(() -> RedisAddress.parse("redis://:6379")).hasMessageContaining("no host");
        assertThatThrownBy(() -> RedisAddress.parse("redis://r:70000")).hasMessageContaining("port 70000 out of range");
        assertThatThrownBy(() -> RedisAddress.parse("redis://r/-1")).hasMessageContaining("bad database number '-1'");
    }
}
