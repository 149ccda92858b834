package io.sluice.node.config.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A config before typing: top-level values, and the {@code namespaces} and {@code stream_backends}
 * entries keyed by name (so files can be merged by name). Every value keeps its {@link Origin}.
 */
record RawConfig(RawSection top, Map<String, RawSection> namespaces, Map<String, RawSection> backends) {

    static RawConfig empty() {
        return new RawConfig(new RawSection("", Origin.ENVIRONMENT, Map.of()), Map.of(), Map.of());
    }

    /** {@code later} overrides top-level keys; same-named entries merge key by key, new names append. */
    RawConfig mergedWith(RawConfig later) {
        return new RawConfig(top.mergedWith(later.top), mergeByName(namespaces, later.namespaces),
                mergeByName(backends, later.backends));
    }

    private static Map<String, RawSection> mergeByName(Map<String, RawSection> earlier, Map<String, RawSection> later) {
        Map<String, RawSection> out = new LinkedHashMap<>(earlier);
        later.forEach((name, section) -> out.merge(name, section, RawSection::mergedWith));
        return out;
    }

    /** A value as written, with where it came from; {@code written} is the spelling used (maybe superseded). */
    record RawValue(JsonNode node, Origin origin, String written) {
        boolean isNull() {
            return node.isNull();
        }
    }

    /**
     * The keys of one scope. {@code label} prefixes key paths in messages ("" at the top level,
     * {@code namespaces[chat]} for a namespace); {@code file} is where the section was last declared.
     */
    record RawSection(String label, String file, Map<String, RawValue> values) {
        RawSection mergedWith(RawSection later) {
            Map<String, RawValue> merged = new LinkedHashMap<>(values);
            merged.putAll(later.values);
            return new RawSection(label, later.file, merged);
        }
    }
}
