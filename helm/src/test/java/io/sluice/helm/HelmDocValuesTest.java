package io.sluice.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The values table of docs/helm.md lists every value of values.yaml, and nothing else; its install, scaling
 * and Ingress examples are the ones the chart tests use.
 */
class HelmDocValuesTest {
    private static final Pattern CODE = Pattern.compile("`([A-Za-z0-9.]+)`");

    @Test
    void everyValueIsInTheDocsTableAndEveryRowIsAValue() throws Exception {
        List<String> values = documentedValues();
        Set<String> rows = tableRows();

        assertThat(values).hasSizeGreaterThan(50);
        assertThat(rows).as("values missing from the values table of docs/helm.md").containsAll(values);
        assertThat(values).as("rows of docs/helm.md naming no value").containsAll(rows);
    }

    @Test
    void helmDocShowsInstallAndScaling() throws Exception {
        String doc = helmDoc();

        assertThat(doc).contains("helm install sluice helm/sluice")
                .contains("kubectl -n sluice scale deployment/sluice-node --replicas=")
                .contains("--set node.autoscaling.enabled=true")
                .contains("never installed on a cluster");
    }

    @Test
    void theIngressExampleIsTheValuesFileTheChartTestsRender() throws Exception {
        String doc = helmDoc();
        int section = doc.indexOf("\n## Ingress\n");
        assertThat(section).as("docs/helm.md has a section 'Ingress'").isNotNegative();
        int start = doc.indexOf("```yaml\n", section) + "```yaml\n".length();
        String example = doc.substring(start, doc.indexOf("```\n", start));
        String rendered = Files.readString(Path.of("src/test/resources/ingress-values.yaml"));
        assertThat(example).as("the Ingress example of docs/helm.md, as TogglesTest renders it")
                .isEqualTo(rendered.substring(rendered.indexOf('\n') + 1));
    }

    /**
     * The values a user sets one by one: groups the schema closes (additionalProperties false) are
     * opened, except resources and probe timings, which are documented as one row each.
     */
    static List<String> documentedValues() throws Exception {
        JsonNode values = new YAMLMapper().readTree(Chart.DIR.resolve("values.yaml").toFile());
        JsonNode schema = new ObjectMapper().readTree(Chart.DIR.resolve("values.schema.json").toFile());
        List<String> out = new ArrayList<>();
        walk(values, schema, "", out);
        return out;
    }

    private static void walk(JsonNode values, JsonNode schema, String prefix, List<String> out) {
        for (Map.Entry<String, JsonNode> field : values.properties()) {
            String path = prefix + field.getKey();
            JsonNode fieldSchema = schema.path("properties").path(field.getKey());
            boolean group = field.getValue().isObject()
                    && fieldSchema.path("additionalProperties").isBoolean()
                    && !fieldSchema.path("additionalProperties").booleanValue()
                    && !field.getKey().equals("resources") && !field.getKey().endsWith("Probe");
            if (group) {
                walk(field.getValue(), fieldSchema, path + ".", out);
            } else {
                out.add(path);
            }
        }
    }

    private static Set<String> tableRows() throws Exception {
        String doc = helmDoc();
        String table = doc.substring(doc.indexOf("\n## Values\n"));
        Set<String> rows = new LinkedHashSet<>();
        for (String line : table.lines().filter(l -> l.startsWith("| `")).toList()) {
            String firstColumn = line.split("\\|")[1];
            Matcher m = CODE.matcher(firstColumn);
            while (m.find()) {
                rows.add(m.group(1));
            }
        }
        return rows;
    }

    private static String helmDoc() throws Exception {
        return Files.readString(Path.of(System.getProperty("sluice.docs.dir", "../docs"), "helm.md"));
    }
}
