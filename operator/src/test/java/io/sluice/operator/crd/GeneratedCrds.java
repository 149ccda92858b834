package io.sluice.operator.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Where the CRDs are: generated from the Java types into target/, and committed under crds/. */
final class GeneratedCrds {
    static final Path GENERATED = Path.of("target", "classes", "META-INF", "fabric8");
    static final Path COMMITTED = Path.of(System.getProperty("sluice.crds.dir", "../crds"));
    static final String STREAM_BACKENDS = "streambackends.sluice.io-v1.yml";
    static final String PROXY_STREAM_NAMESPACES = "proxystreamnamespaces.sluice.io-v1.yml";

    private GeneratedCrds() {
    }

    static JsonNode committed(String file) {
        try {
            return new YAMLMapper().readTree(COMMITTED.resolve(file).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<Path> files(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> p.toString().endsWith(".yml")).sorted().toList().stream();
        }
    }
}
