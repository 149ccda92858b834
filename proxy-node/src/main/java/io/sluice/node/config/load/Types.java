package io.sluice.node.config.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.sluice.node.config.RedisAddress;
import io.sluice.node.config.StreamBackendConfig.Contract;
import io.sluice.proto.GoDuration;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The value types of the key tables in {@link Keys}; each is a pure conversion with a precise message. */
final class Types {
    private Types() {
    }

    static final ValueType<Boolean> BOOL = new ValueType<>(node -> {
        if (!node.isBoolean()) {
            throw BadValue.expected("a boolean (true or false)", node);
        }
        return node.booleanValue();
    }, Types::boolFromEnv);

    private static final ValueType<Integer> INT = new ValueType<>(node -> {
        if (!node.isIntegralNumber()) {
            throw BadValue.expected("an integer", node);
        }
        if (!node.canConvertToInt()) {
            throw new BadValue("integer " + node.asText() + " is out of range");
        }
        return node.intValue();
    }, Types::intFromEnv);

    static final ValueType<String> STRING = new ValueType<>(node -> {
        if (!node.isTextual()) {
            throw BadValue.expected("a string", node);
        }
        return node.textValue();
    }, TextNode::valueOf);

    /** A string where "" means "not set" (Centrifugo's defaults for optional strings are ""). */
    static final ValueType<String> OPTIONAL_STRING = STRING.then(s -> s.isEmpty() ? null : s);

    /** A Go duration, or a bare integer meaning seconds. */
    private static Duration duration(String text) throws BadValue {
        try {
            return GoDuration.parseSecondsOrGo(text);
        } catch (GoDuration.InvalidDuration e) {
            if (!e.tooLarge()) {
                throw new BadValue("expected a duration such as \"25s\", \"500ms\" or \"1m30s\" (a bare integer means"
                        + " seconds), got \"" + text + "\"");
            }
            throw new BadValue(GoDuration.isBareSeconds(text) ? "duration " + text + "s is too large"
                    : "duration \"" + text + "\" is too large");
        }
    }

    private static final ValueType<Duration> DURATION = new ValueType<>(node -> {
        if (node.isIntegralNumber() && node.canConvertToLong() && node.longValue() >= 0) {
            return Duration.ofSeconds(node.longValue());
        }
        if (node.isTextual()) {
            return duration(node.textValue().trim());
        }
        throw BadValue.expected("a duration such as \"25s\", \"500ms\" or \"1m30s\" (a bare integer means seconds)", node);
    }, TextNode::valueOf);

    static final ValueType<Duration> POSITIVE_DURATION = DURATION.then(d -> {
        if (d.isZero()) {
            throw new BadValue("must be longer than 0s");
        }
        return d;
    });

    /** centrifuge-js and centrifuge-java time a subscribe (and a connect) out after this long. */
    static final Duration SDK_TIMEOUT = Duration.ofSeconds(5);

    static final ValueType<Duration> STREAM_TIMEOUT = POSITIVE_DURATION.then(d -> {
        if (d.compareTo(SDK_TIMEOUT) >= 0) {
            throw new BadValue("timeout " + GoDuration.format(d) + " is too long: it must be below 5s, because the"
                    + " Centrifugo SDKs give up on a subscribe (and a connect) after 5 s, so a first message arriving"
                    + " later could never reach the client; use e.g. 1s (the default) to 3s");
        }
        return d;
    });

    /** A list of strings; a single string is accepted too (Centrifugo takes one Redis address or a list). */
    static final ValueType<List<String>> STRING_LIST = new ValueType<>(node -> {
        if (node.isTextual()) {
            return List.of(node.textValue());
        }
        if (!node.isArray()) {
            throw BadValue.expected("a list of strings", node);
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                throw BadValue.expected("a list of strings", item);
            }
            out.add(item.textValue());
        }
        return List.copyOf(out);
    }, Types::listFromEnv);

    private static final Pattern HEADER_TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    /** HTTP header names, lower-cased so lookups match however the client spelled them. */
    static final ValueType<List<String>> HEADER_NAMES = STRING_LIST.then(names -> {
        List<String> out = new ArrayList<>();
        for (String name : names) {
            if (!HEADER_TOKEN.matcher(name).matches()) {
                throw new BadValue("\"" + name + "\" is not a valid HTTP header name");
            }
            out.add(name.toLowerCase(Locale.ROOT));
        }
        return List.copyOf(out);
    });

    /** At least one entry, none empty. */
    static final ValueType<List<String>> ADDRESS_LIST = STRING_LIST.then(list -> {
        if (list.isEmpty() || list.stream().anyMatch(String::isBlank)) {
            throw new BadValue("expected one or more non-empty addresses, got " + list);
        }
        return list;
    });

    /** {@code redis_address}: each entry must parse as a {@link RedisAddress}; the raw strings are kept. */
    static final ValueType<List<String>> REDIS_ADDRESSES = ADDRESS_LIST.then(list -> {
        for (String address : list) {
            try {
                RedisAddress.parse(address);
            } catch (IllegalArgumentException e) {
                throw new BadValue(e.getMessage());
            }
        }
        return list;
    });

    private static final Pattern METADATA_KEY = Pattern.compile("[0-9a-z_.-]+");

    /**
     * gRPC metadata. An object is static metadata sent on every call (the Sluice/seed meaning). A list
     * is Centrifugo v5's meaning: names of incoming metadata to copy from clients that came over gRPC.
     */
    static final ValueType<Metadata> METADATA = new ValueType<>(node -> {
        if (node.isArray()) {
            return new Metadata(Map.of(), STRING_LIST.convert(node));
        }
        if (!node.isObject()) {
            throw BadValue.expected("an object of metadata key to value", node);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            out.put(metadataKey(e.getKey()), metadataValue(e.getKey(), e.getValue()));
        }
        return new Metadata(out, List.of());
    }, null);

    static final ValueType<Pattern> REGEX = OPTIONAL_STRING.then(text -> {
        try {
            return Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            throw new BadValue("invalid regular expression \"" + text + "\": " + e.getDescription());
        }
    });

    /**
     * {@code allowed_origins}: Centrifugo's glob patterns, matched lower-cased against the whole Origin
     * ({@code *} any run of characters, {@code ?} one character, {@code [..]} a class, {@code {a,b}} alternatives).
     */
    static final ValueType<List<Pattern>> ORIGIN_GLOBS = STRING_LIST.then(globs -> {
        List<Pattern> out = new ArrayList<>();
        for (String glob : globs) {
            out.add(Globs.compile(glob.toLowerCase(Locale.ROOT)));
        }
        return List.copyOf(out);
    });

    /** An absolute URL path such as {@code /connection/sse}. */
    static final ValueType<String> URL_PATH = STRING.then(matching(Pattern.compile("/[A-Za-z0-9._~!$&'()*+,;=:@/-]*"),
            "a path must start with '/' and hold only URL path characters"));

    /** A TCP port, written as a number or, as Centrifugo v5 writes {@code internal_port}, as a string. */
    static final ValueType<Integer> PORT_NUMBER = new ValueType<>(node -> {
        if (node.isTextual() && node.textValue().isEmpty()) {
            return null;
        }
        JsonNode number = node.isTextual() && node.textValue().matches("\\d{1,5}") ? IntNode.valueOf(
                Integer.parseInt(node.textValue())) : node;
        return integer(1, 65535).convert(number);
    }, TextNode::valueOf);

    /** A regular expression kept as its text, so the config records holding it compare by value. */
    static final ValueType<String> REGEX_TEXT = REGEX.then(Pattern::pattern);

    /** An http(s) URL the node fetches from; "" means "not set". */
    static final ValueType<String> HTTP_URL = OPTIONAL_STRING.then(text -> {
        if (text.contains("{{")) {
            throw new BadValue("templated endpoints (\"{{name}}\" filled from regex groups) are not supported;"
                    + " use a fixed URL");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new BadValue("\"" + text + "\" is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme();
        if (scheme == null || !scheme.equalsIgnoreCase("http") && !scheme.equalsIgnoreCase("https")
                || uri.getHost() == null) {
            throw new BadValue("\"" + text + "\" must be an http:// or https:// URL with a host");
        }
        return text;
    });

    private static final String HOST = "(?:\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)";
    private static final Pattern GRPC_ENDPOINT = Pattern.compile("(?:grpc://|dns:///)" + HOST + ":(\\d{1,5})");

    /** A gRPC target; "" means "not set", as in Centrifugo. */
    static final ValueType<String> ENDPOINT = OPTIONAL_STRING.then(text -> {
        if (text.regionMatches(true, 0, "http", 0, 4)) {
            throw new BadValue("endpoint \"" + text + "\" is HTTP, but only gRPC endpoints are supported for"
                    + " stream proxies (grpc://host:port or dns:///host:port)");
        }
        Matcher m = GRPC_ENDPOINT.matcher(text);
        if (!m.matches() || Integer.parseInt(m.group(1)) < 1 || Integer.parseInt(m.group(1)) > 65535) {
            throw new BadValue("expected a gRPC endpoint grpc://host:port or dns:///host:port (no path), got \""
                    + text + "\"");
        }
        return text;
    });

    static final ValueType<String> NAMESPACE_NAME = STRING.then(matching(Pattern.compile("[-a-zA-Z0-9_]{2,}"),
            "a namespace name must match ^[-a-zA-Z0-9_]{2,}$"));

    static final ValueType<String> BACKEND_NAME = STRING.then(matching(Pattern.compile("[-a-zA-Z0-9_.]+"),
            "a stream backend name must match ^[-a-zA-Z0-9_.]+$"));

    static final ValueType<String> ENGINE = STRING.then(oneOf("memory", "redis"));

    static final ValueType<Contract> CONTRACT = STRING.then(text -> switch (text) {
        case "CentrifugoProxyStream" -> Contract.PROXY_STREAM;
        case "CentrifugoProxy" -> Contract.CENTRIFUGO_PROXY;
        default -> throw new BadValue("expected \"CentrifugoProxyStream\" (the default) or \"CentrifugoProxy\", got \""
                + text + "\"");
    });

    static ValueType<Integer> integer(int min, int max) {
        return INT.then(v -> {
            if (v < min || v > max) {
                throw new BadValue(max == Integer.MAX_VALUE
                        ? "must be at least " + min + ", got " + v
                        : "must be between " + min + " and " + max + ", got " + v);
            }
            return v;
        });
    }

    private static ValueType.Converter<String, String> matching(Pattern pattern, String rule) {
        return text -> {
            if (!pattern.matcher(text).matches()) {
                throw new BadValue(rule + ", got \"" + text + "\"");
            }
            return text;
        };
    }

    private static ValueType.Converter<String, String> oneOf(String... allowed) {
        return text -> {
            if (!Arrays.asList(allowed).contains(text)) {
                throw new BadValue("expected one of " + String.join(", ", allowed) + ", got \"" + text + "\"");
            }
            return text;
        };
    }

    private static String metadataKey(String key) throws BadValue {
        String lower = key.toLowerCase(Locale.ROOT);
        if (!METADATA_KEY.matcher(lower).matches() || lower.endsWith("-bin")) {
            throw new BadValue("\"" + key + "\" is not a valid ASCII gRPC metadata key");
        }
        return lower;
    }

    private static String metadataValue(String key, JsonNode value) throws BadValue {
        if (!value.isTextual()) {
            throw BadValue.expected("a string value for metadata key \"" + key + "\"", value);
        }
        return value.textValue();
    }

    private static JsonNode boolFromEnv(String text) throws BadValue {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1" -> BooleanNode.TRUE;
            case "false", "0" -> BooleanNode.FALSE;
            default -> throw new BadValue("expected true or false, got \"" + text + "\"");
        };
    }

    private static JsonNode intFromEnv(String text) throws BadValue {
        try {
            return IntNode.valueOf(Integer.parseInt(text.trim()));
        } catch (NumberFormatException e) {
            throw new BadValue("expected an integer, got \"" + text + "\"");
        }
    }

    /** Lists come from the environment comma-separated: {@code SLUICE_REDIS_ADDRESS=redis://a:6379,redis://b:6379}. */
    private static JsonNode listFromEnv(String text) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return out;
    }

    /** Result of {@link #METADATA}: static metadata, and names to forward (Centrifugo v5's list form). */
    record Metadata(Map<String, String> fixed, List<String> forwarded) {
        static final Metadata NONE = new Metadata(Map.of(), List.of());
    }
}
