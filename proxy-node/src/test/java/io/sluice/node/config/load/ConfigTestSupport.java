package io.sluice.node.config.load;

import io.sluice.node.config.ConfigException;
import io.sluice.node.config.NodeConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Comparator;
import java.util.regex.Pattern;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ObjectAssert;

/** Shared helpers: load inline JSON with its warnings, and assert refusals by file, key and reason. */
final class ConfigTestSupport {
    static final String INLINE = "inline.json";

    private ConfigTestSupport() {
    }

    /** Like {@link ConfigLoader#fromJson} but keeps the warnings. */
    static LoadedConfig load(String json) throws ConfigException {
        return ConfigLoader.assemble(ConfigSources.parse(INLINE, json));
    }

    static ConfigException refusal(String json) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.fromJson(json));
        assertThat(e).as("config should be refused:%n%s", json).isNotNull();
        return e;
    }

    /** Asserts the refusal names {@code file} and {@code key}, and its reason contains every fragment. */
    static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(ConfigException e, String file, String key,
                                                                         String... reasonFragments) {
        return assertThat(e)
                .hasMessageStartingWith("config error in " + file + ": key '" + key + "': ")
                .hasMessageContainingAll(reasonFragments);
    }

    static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(String json, String key,
                                                                         String... reasonFragments) {
        return assertRefused(refusal(json), INLINE, key, reasonFragments);
    }

    /** Compares configs field by field; Pattern has no equals, so patterns compare by their source. */
    static ObjectAssert<NodeConfig> assertSameConfig(NodeConfig actual, NodeConfig expected) {
        assertThat(actual).usingRecursiveComparison()
                .withComparatorForType(Comparator.comparing(Pattern::pattern), Pattern.class)
                .isEqualTo(expected);
        return assertThat(actual);
    }
}
