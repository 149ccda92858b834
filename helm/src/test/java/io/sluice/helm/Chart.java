package io.sluice.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * helm/sluice rendered by a real Helm engine (helm-java embeds Helm 3 as a native library), each
 * document parsed by fabric8 into its typed model (kinds fabric8 has no class for, such as
 * ServiceMonitor, become GenericKubernetesResource).
 */
final class Chart {
    static final Path DIR = Path.of(System.getProperty("sluice.chart.dir", "sluice"));
    static final Path TEST_VALUES = Path.of("src/test/resources");
    /** Not the chart's name, so a template that writes "sluice" where it means the release shows up. */
    static final String RELEASE = "demo";
    static final String NAMESPACE = "streaming";
    /** Helm's library defaults to Kubernetes 1.20 without a cluster; the chart needs 1.28+. */
    static final String KUBE_VERSION = "v1.30.0";

    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

    private Chart() {
    }

    /** Renders with the chart's defaults plus {@code valuesFiles} (from src/test/resources) and {@code sets}. */
    static Rendered render(List<String> valuesFiles, Map<String, String> sets) {
        TemplateCommand template = new Helm(DIR).template()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION);
        for (String file : valuesFiles) {
            template = template.withValuesFile(TEST_VALUES.resolve(file).toAbsolutePath());
        }
        for (Map.Entry<String, String> set : sets.entrySet()) {
            template = template.set(set.getKey(), set.getValue());
        }
        return Rendered.parse(template.call());
    }

    static Rendered defaults() {
        return render(List.of(), Map.of());
    }

    static Rendered production() {
        return render(List.of("production-values.yaml"), Map.of());
    }

    static Rendered with(String... keyValues) {
        Map<String, String> sets = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            sets.put(keyValues[i], keyValues[i + 1]);
        }
        return render(List.of(), sets);
    }

    /** What Helm said when rendering failed (schema violations, fail calls). */
    static String renderError(String valuesFile) {
        try {
            render(List.of(valuesFile), Map.of());
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
        throw new AssertionError(valuesFile + " rendered, but it should have been refused");
    }

    static String file(String relative) {
        try {
            return Files.readString(DIR.resolve(relative));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The rendered objects, in Helm's output order. */
    record Rendered(String yaml, List<HasMetadata> objects) {
        static Rendered parse(String yaml) {
            List<HasMetadata> objects = new ArrayList<>();
            for (String document : DOCUMENT_SEPARATOR.split(yaml)) {
                if (document.lines().allMatch(line -> line.isBlank() || line.startsWith("#"))) {
                    continue;
                }
                objects.add(Serialization.unmarshal(document, HasMetadata.class));
            }
            return new Rendered(yaml, List.copyOf(objects));
        }

        <T extends HasMetadata> List<T> all(Class<T> type) {
            return objects.stream().filter(type::isInstance).map(type::cast).toList();
        }

        List<HasMetadata> ofKind(String kind) {
            return objects.stream().filter(o -> kind.equals(o.getKind())).toList();
        }

        <T extends HasMetadata> T one(Class<T> type, String name) {
            List<T> found = all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).toList();
            if (found.size() != 1) {
                throw new AssertionError("expected one " + type.getSimpleName() + " " + name + ", found "
                        + found.size() + " among " + names());
            }
            return found.get(0);
        }

        List<String> names() {
            return objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList();
        }
    }
}
