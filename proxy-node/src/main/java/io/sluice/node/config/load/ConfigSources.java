package io.sluice.node.config.load;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.sluice.node.config.ConfigException;
import io.sluice.node.config.load.RawConfig.RawSection;
import io.sluice.node.config.load.RawConfig.RawValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The parsing layer: files (JSON or YAML) and the environment become one merged {@link RawConfig}. */
final class ConfigSources {
    // Mappers are immutable and thread-safe once built; a duplicate key inside one file is an error.
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private ConfigSources() {
    }

    /**
     * Reads and merges {@code files} in order, then applies {@code SLUICE_*} overrides from {@code env}.
     * A file in {@code optional} that does not exist adds nothing; any other missing file is an error.
     */
    static RawConfig load(List<Path> files, Set<Path> optional, Map<String, String> env) throws ConfigException {
        RawConfig merged = RawConfig.empty();
        for (Path file : files) {
            Optional<String> text = read(file, optional.contains(file));
            if (text.isPresent()) {
                merged = merged.mergedWith(parse(file.toString(), text.get()));
            }
        }
        return withEnvironment(merged, env);
    }

    static RawConfig parse(String file, String text) throws ConfigException {
        return fromTree(file, readTree(file, text));
    }

    private static Optional<String> read(Path file, boolean optional) throws ConfigException {
        try {
            return Optional.of(Files.readString(file));
        } catch (java.nio.file.NoSuchFileException e) {
            if (optional) {
                return Optional.empty();
            }
            throw new ConfigException("config error in " + file + ": no such file");
        } catch (IOException e) {
            throw new ConfigException("config error in " + file + ": cannot read the file: " + e.getMessage());
        }
    }

    /** {@code .yaml}/{@code .yml} are YAML, {@code .json} is JSON; anything else is tried as JSON, then YAML. */
    static JsonNode readTree(String file, String text) throws ConfigException {
        String lower = file.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
            return readTree(YAML, file, text);
        }
        if (lower.endsWith(".json")) {
            return readTree(JSON, file, text);
        }
        try {
            return readTree(JSON, file, text);
        } catch (ConfigException jsonError) {
            // Report the JSON error for text that is clearly meant as JSON, else YAML's.
            if (text.stripLeading().startsWith("{")) {
                throw jsonError;
            }
            return readTree(YAML, file, text);
        }
    }

    private static JsonNode readTree(ObjectMapper mapper, String file, String text) throws ConfigException {
        try {
            return mapper.readTree(text);
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new ConfigException("config error in " + file + where + ": cannot parse: " + e.getOriginalMessage().strip());
        }
    }

    static RawConfig fromTree(String file, JsonNode root) throws ConfigException {
        if (root == null || !root.isObject()) {
            throw new ConfigException("config error in " + file + ": the top-level value must be an object of"
                    + " config keys, got " + BadValue.describe(root));
        }
        Map<String, RawValue> top = new LinkedHashMap<>();
        Map<String, RawSection> namespaces = Map.of();
        Map<String, RawSection> backends = Map.of();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            switch (field.getKey()) {
                case Keys.NAMESPACES -> namespaces = named(file, Keys.NAMESPACES, field.getValue(), "namespace");
                case Keys.STREAM_BACKENDS -> backends = named(file, Keys.STREAM_BACKENDS, field.getValue(), "stream backend");
                default -> put(top, file, "", field.getKey(), field.getValue());
            }
        }
        return new RawConfig(new RawSection("", file, top), namespaces, backends);
    }

    /** An array of objects with a {@code name}, as sections keyed by that name. */
    private static Map<String, RawSection> named(String file, String key, JsonNode array, String what)
            throws ConfigException {
        if (array.isNull()) {
            return Map.of();
        }
        if (!array.isArray()) {
            throw new Origin(file, key).error("expected an array of " + what + " objects, got " + BadValue.describe(array));
        }
        Map<String, RawSection> out = new LinkedHashMap<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode entry = array.get(i);
            Origin at = new Origin(file, key + "[" + i + "]");
            if (!entry.isObject()) {
                throw at.error("expected a " + what + " object, got " + BadValue.describe(entry));
            }
            JsonNode name = entry.get("name");
            if (name == null || name.isNull()) {
                throw new Origin(file, at.key() + ".name").error("missing: every " + what + " needs a name");
            }
            if (!name.isTextual()) {
                throw new Origin(file, at.key() + ".name").error(BadValue.expected("a string", name).getMessage());
            }
            String label = key + "[" + name.textValue() + "]";
            if (out.containsKey(name.textValue())) {
                throw new Origin(file, label + ".name").error("duplicate " + what + " name '" + name.textValue()
                        + "' in one file (entries with the same name are merged only across files)");
            }
            Map<String, RawValue> values = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> field : entry.properties()) {
                put(values, file, label, field.getKey(), field.getValue());
            }
            out.put(name.textValue(), new RawSection(label, file, values));
        }
        return out;
    }

    /** Stores a value under its canonical (seed 001) name, remembering the spelling the user wrote. */
    private static void put(Map<String, RawValue> into, String file, String label, String written, JsonNode node)
            throws ConfigException {
        Origin origin = new Origin(file, Origin.path(label, written));
        RawValue previous = into.putIfAbsent(Keys.canonical(written), new RawValue(node, origin, written));
        if (previous != null) {
            throw origin.error("sets the same option as '" + previous.origin().key() + "'; keep only '"
                    + Keys.canonical(written) + "'");
        }
    }

    /** {@code SLUICE_<KEY>} overrides a top-level key; other SLUICE_ variables belong to other tools. */
    static RawConfig withEnvironment(RawConfig raw, Map<String, String> env) throws ConfigException {
        Map<String, RawValue> top = new LinkedHashMap<>(raw.top().values());
        for (Key<?> key : Keys.envSettable()) {
            String variable = Keys.envName(key);
            String text = env.get(variable);
            if (text == null) {
                continue;
            }
            Origin origin = new Origin(Origin.ENVIRONMENT, variable);
            try {
                top.put(key.name(), new RawValue(key.type().fromEnv(text), origin, key.name()));
            } catch (BadValue e) {
                throw origin.error(e.getMessage());
            }
        }
        RawSection section = new RawSection("", raw.top().file(), top);
        return new RawConfig(section, raw.namespaces(), raw.backends());
    }
}
