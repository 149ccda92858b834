package io.sluice.node;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins the node's package layering, read from the compiled classes (every class named in a class file's
 * constant pool: references, field and method types, generic signatures). Along the data path no package
 * imports one above it (transport → client → stream / hub → engine contracts ← engine implementations),
 * and no packages import each other in a circle.
 */
class LayeringTest {

    private static final String ROOT = "io.sluice.node";
    private static final Pattern NAME = Pattern.compile("io/sluice/node/((?:[a-z][a-z0-9_]*/)*)[A-Z$]");

    /** Package (relative to {@link #ROOT}, "" for the root) → the node packages its classes use. */
    private static final Map<String, Set<String>> USES = new TreeMap<>();

    @BeforeAll
    static void readClasses() throws IOException, URISyntaxException {
        Path classes = Path.of(Node.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String pkg = relative(classes.relativize(file.getParent()).toString().replace('\\', '/'));
                Set<String> uses = USES.computeIfAbsent(pkg, p -> new TreeSet<>());
                try (InputStream in = Files.newInputStream(file)) {
                    for (String utf8 : constantStrings(in)) {
                        Matcher m = NAME.matcher(utf8);
                        while (m.find()) {
                            String used = relative("io/sluice/node/" + m.group(1));
                            if (!used.equals(pkg)) {
                                uses.add(used);
                            }
                        }
                    }
                }
            }
        }
        assertThat(USES).as("packages read from %s", classes).containsKeys("", "engine", "client", "transport");
        assertThat(USES.get("transport")).as("the reader sees uses at all").contains("client", "context");
        assertThat(USES.get("engine.redis")).as("the reader sees uses at all").contains("engine");
    }

    /** "io/sluice/node/engine/redis/" → "engine.redis"; the root package → "". */
    private static String relative(String path) {
        String dotted = path.replace('/', '.');
        dotted = dotted.endsWith(".") ? dotted.substring(0, dotted.length() - 1) : dotted;
        return dotted.equals(ROOT) ? "" : dotted.substring(ROOT.length() + 1);
    }

    /** The CONSTANT_Utf8 entries of a class file (JVMS §4.4). */
    private static List<String> constantStrings(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        List<String> strings = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> strings.add(in.readUTF());
                case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
                case 15 -> in.skipNBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                case 5, 6 -> {
                    in.skipNBytes(8);
                    i++;
                }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        return strings;
    }

    private static Set<String> uses(String pkg) {
        return USES.getOrDefault(pkg, Set.of());
    }

    @Test
    void noPackagesImportEachOtherInACircle() {
        List<String> circles = new ArrayList<>();
        for (String start : USES.keySet()) {
            for (String next : uses(start)) {
                List<String> back = path(next, start, new TreeSet<>());
                if (back != null) {
                    circles.add(start + " -> " + String.join(" -> ", back));
                }
            }
        }
        assertThat(circles).isEmpty();
    }

    /** A path of uses from {@code from} to {@code to}, or null. */
    private static List<String> path(String from, String to, Set<String> seen) {
        if (from.equals(to)) {
            return new ArrayList<>(List.of(to));
        }
        if (!seen.add(from)) {
            return null;
        }
        for (String next : uses(from)) {
            List<String> rest = path(next, to, seen);
            if (rest != null) {
                rest.add(0, from);
                return rest;
            }
        }
        return null;
    }

    @Test
    void theDataPathOnlyLooksDown() {
        // Higher numbers sit above lower ones: a package may use those below it, never those above.
        Map<String, Integer> rank = Map.of("transport", 4, "client", 3, "stream", 2, "hub", 2,
                "engine", 1, "engine.memory", 0, "engine.redis", 0);
        List<String> upward = new ArrayList<>();
        rank.forEach((pkg, r) -> uses(pkg).stream()
                .filter(used -> rank.containsKey(used) && rank.get(used) >= r && !(r == 0 && used.equals("engine")))
                .forEach(used -> upward.add(pkg + " -> " + used)));
        assertThat(upward).isEmpty();
    }

    @Test
    void engineContractsNameNoImplementationAndNothingAboveThem() {
        assertThat(uses("engine")).as("engine/ uses only what the JDK, protobuf and Jackson give").isEmpty();
    }

    @Test
    void engineImplementationsStandOnTheContractsAlone() {
        assertThat(uses("engine.memory")).isSubsetOf("engine", "config");
        assertThat(uses("engine.redis")).isSubsetOf("engine", "config");
        USES.forEach((pkg, used) -> {
            if (!pkg.isEmpty()) {
                assertThat(used).as("only Node (the root package) picks an engine; %s must not", pkg)
                        .doesNotContain("engine.memory", "engine.redis");
            }
        });
    }

    @Test
    void theConfigModelKnowsNothingOfItsLoader() {
        assertThat(uses("config")).doesNotContain("config.load");
        assertThat(uses("config.load")).containsOnly("config");
    }
}
