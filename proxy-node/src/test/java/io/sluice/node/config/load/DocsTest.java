package io.sluice.node.config.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.node.config.load.Keys.Scope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README and the manuals in docs/ hold together and hold to the code: every relative link resolves
 * (the file exists; an {@code #anchor} is a heading of the target), and the configuration reference
 * lists exactly the keys the config loader knows.
 *
 * <p>The reference has two parts. Before the heading {@value #NOT_ACTED} it documents the keys Sluice
 * reads ({@link Keys#actedNames}); the first column of every table row there must name such a key, and
 * every such key must be named. Under that heading it lists the Centrifugo keys the loader knows but
 * has no setting for (refused, superseded and ignored: {@link Keys#notActedNames}), again exactly.
 */
class DocsTest {
    private static final Path ROOT = Path.of(System.getProperty("sluice.repo.dir", ".."));
    private static final Path REFERENCE = ROOT.resolve("docs/configuration.md");
    private static final String NOT_ACTED = "Centrifugo keys Sluice does not act on";

    private static final Pattern FENCE = Pattern.compile("(?ms)^```.*?^```[^\\n]*$");
    private static final Pattern CODE_SPAN = Pattern.compile("`[^`\\n]*`");
    private static final Pattern LINK = Pattern.compile("\\[[^\\]\\n]*\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("(?m)^(#{1,6})\\s+(.+?)\\s*#*\\s*$");
    private static final Pattern KEY = Pattern.compile("`([a-z][a-z0-9_]*)`");

    @Test
    void everyRelativeLinkResolves() throws IOException {
        List<String> broken = new ArrayList<>();
        int links = 0;
        for (Path page : pages()) {
            String text = CODE_SPAN.matcher(withoutCodeBlocks(Files.readString(page))).replaceAll("");
            Matcher m = LINK.matcher(text);
            while (m.find()) {
                String link = m.group(1);
                if (link.matches("(?i)[a-z][a-z0-9+.-]*:.*")) {
                    continue; // http:, https:, mailto:
                }
                links++;
                int hash = link.indexOf('#');
                String file = hash < 0 ? link : link.substring(0, hash);
                String anchor = hash < 0 ? null : link.substring(hash + 1);
                Path target = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
                String where = ROOT.relativize(page) + ": (" + link + ")";
                if (!Files.exists(target)) {
                    broken.add(where + " - no such file " + ROOT.relativize(target));
                } else if (anchor != null && !anchors(target).contains(anchor)) {
                    broken.add(where + " - no heading #" + anchor + " in " + ROOT.relativize(target));
                }
            }
        }
        assertThat(links).as("relative links found").isGreaterThan(30);
        assertThat(broken).as("broken links").isEmpty();
    }

    @Test
    void everyManualIsLinkedFromTheReadme() throws IOException {
        String readme = CODE_SPAN.matcher(withoutCodeBlocks(Files.readString(ROOT.resolve("README.md")))).replaceAll("");
        Set<String> linked = new TreeSet<>();
        Matcher m = LINK.matcher(readme);
        while (m.find()) {
            linked.add(m.group(1).replaceFirst("#.*", ""));
        }
        List<String> manuals = pages().stream().skip(1).map(p -> "docs/" + p.getFileName()).toList();
        assertThat(linked).as("manuals linked from README.md").containsAll(manuals);
    }

    @Test
    void theReadmeStaysAFrontPage() throws IOException {
        assertThat(Files.readAllLines(ROOT.resolve("README.md"))).as("lines of README.md").hasSizeLessThanOrEqualTo(200);
    }

    @Test
    void theReferenceListsEveryKeyTheLoaderReadsAndNoOther() throws IOException {
        Map<String, Set<String>> sections = referenceKeys();
        String notActed = "## " + NOT_ACTED;
        Set<String> documented = new TreeSet<>();
        boolean past = false;
        for (Map.Entry<String, Set<String>> section : sections.entrySet()) {
            past |= section.getKey().equals(notActed);
            if (!past) {
                documented.addAll(section.getValue());
            }
        }
        assertThat(past).as("the reference has a section '" + notActed + "'").isTrue();

        Set<String> read = new TreeSet<>(Set.of(Keys.NAMESPACES, Keys.STREAM_BACKENDS));
        for (Scope scope : Scope.values()) {
            read.addAll(Keys.actedNames(scope));
        }
        assertThat(documented).as("keys the loader reads, missing from docs/configuration.md")
                .containsAll(read);
        assertThat(read).as("keys in docs/configuration.md that the loader does not read").containsAll(documented);

        assertThat(sections.get("## Channel options")).as("the channel options table")
                .containsExactlyInAnyOrderElementsOf(Keys.actedNames(Scope.NAMESPACE));
        assertThat(sections.get("### Stream backend entries")).as("the stream_backends entry table")
                .containsExactlyInAnyOrderElementsOf(Keys.actedNames(Scope.BACKEND));
    }

    @Test
    void theReferenceListsTheKnownCentrifugoKeysSluiceDoesNotActOnSeparately() throws IOException {
        Set<String> listed = new TreeSet<>();
        boolean past = false;
        for (Map.Entry<String, Set<String>> section : referenceKeys().entrySet()) {
            past |= section.getKey().equals("## " + NOT_ACTED);
            if (past) {
                listed.addAll(section.getValue());
            }
        }
        assertThat(listed).as("the refused, superseded and ignored keys of docs/configuration.md")
                .containsExactlyInAnyOrderElementsOf(Keys.notActedNames());
    }

    @Test
    void theExampleConfigOfTheNodeManualLoadsWithoutWarnings() throws Exception {
        LoadedConfig loaded = load(codeBlock("docs/node.md", "## An example config", "yaml"), ".yaml");
        assertThat(loaded.warnings()).isEmpty();
        assertThat(loaded.config().channelOptions("chat").allowPublishForSubscriber()).isTrue();
    }

    @Test
    void theExampleConfigOfTheProxyStreamsManualLoadsWithoutWarnings() throws Exception {
        LoadedConfig loaded = load(codeBlock("docs/proxy-streams.md", "## Configuration", "json"), ".json");
        assertThat(loaded.warnings()).isEmpty();
        assertThat(loaded.config().streamBackends()).containsKeys("proxy_stream_subscribe", "proxy_stream_connect",
                "prices");
        assertThat(loaded.config().channelOptions("echo").streamBidirectional()).isTrue();
    }

    /** The first {@code lang} code block after {@code heading} in {@code page}. */
    private static String codeBlock(String page, String heading, String lang) throws IOException {
        String doc = Files.readString(ROOT.resolve(page));
        int section = doc.indexOf("\n" + heading + "\n");
        assertThat(section).as(page + " has a section '" + heading + "'").isNotNegative();
        String fence = "```" + lang + "\n";
        int start = doc.indexOf(fence, section) + fence.length();
        return doc.substring(start, doc.indexOf("```\n", start));
    }

    private static LoadedConfig load(String text, String suffix) throws Exception {
        Path file = Files.createTempFile("docs-example", suffix);
        try {
            Files.writeString(file, text);
            return ConfigLoader.load(List.of(file), Map.of());
        } finally {
            Files.delete(file);
        }
    }

    /** README.md and every manual directly under docs/. */
    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>();
        pages.add(ROOT.resolve("README.md"));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        assertThat(pages).hasSizeGreaterThan(10);
        return pages;
    }

    /** The keys named in the first column of table rows, by the heading (with its #s) they stand under. */
    private static Map<String, Set<String>> referenceKeys() throws IOException {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        String heading = "";
        for (String line : withoutCodeBlocks(Files.readString(REFERENCE)).lines().toList()) {
            if (line.startsWith("#")) {
                heading = line.strip();
                out.putIfAbsent(heading, new LinkedHashSet<>());
            } else if (line.startsWith("| `")) {
                Matcher m = KEY.matcher(line.split("\\|")[1]);
                while (m.find()) {
                    out.computeIfAbsent(heading, h -> new LinkedHashSet<>()).add(m.group(1));
                }
            }
        }
        return out;
    }

    /** GitHub's heading anchors: lower-cased, punctuation dropped, spaces as '-', repeats numbered. */
    static Set<String> anchors(Path page) throws IOException {
        Set<String> out = new LinkedHashSet<>();
        if (!page.toString().endsWith(".md")) {
            return out;
        }
        Map<String, Integer> seen = new HashMap<>();
        Matcher m = HEADING.matcher(withoutCodeBlocks(Files.readString(page)));
        while (m.find()) {
            String slug = slug(m.group(2));
            int n = seen.merge(slug, 1, Integer::sum) - 1;
            out.add(n == 0 ? slug : slug + "-" + n);
        }
        return out;
    }

    static String slug(String heading) {
        String text = heading.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1").toLowerCase(Locale.ROOT);
        return text.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }

    private static String withoutCodeBlocks(String markdown) {
        return FENCE.matcher(markdown).replaceAll("");
    }

    @Test
    void slugsAreGitHubs() {
        assertThat(slug("Cluster (Redis engine)")).isEqualTo("cluster-redis-engine");
        assertThat(slug("Centrifugo v5 subscription-stream keys")).isEqualTo("centrifugo-v5-subscription-stream-keys");
        assertThat(slug("`stream_backends` entries")).isEqualTo("stream_backends-entries");
    }
}
