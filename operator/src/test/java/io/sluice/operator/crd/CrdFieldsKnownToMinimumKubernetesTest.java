package io.sluice.operator.crd;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The committed CRDs use only fields the oldest Kubernetes version the project claims knows: a field
 * from a newer version is refused by that API server under strict field validation (kubectl's
 * default) and silently dropped by lenient clients. The claim itself is checked where it is made
 * (the chart's kubeVersion, the README, docs/kubernetes.md).
 */
class CrdFieldsKnownToMinimumKubernetesTest {
    /** The oldest supported Kubernetes minor version. Changing it means rewriting {@link #FIELDS} for it. */
    static final String MINIMUM = "1.28";

    /**
     * The apiextensions.k8s.io/v1 types as the Kubernetes v1.28 API reference lists them
     * (kubernetes.io/docs/reference/generated/kubernetes-api/v1.28, CustomResourceDefinition v1):
     * type, then each field with the type of its value ("" for a value not checked further, "{T}" for
     * a map of T; a list is checked element by element against the field's type). Newer than 1.28,
     * and so absent here: ValidationRule.optionalOldSelf (1.29), CustomResourceDefinitionVersion.selectableFields (1.30).
     */
    private static final Map<String, Map<String, String>> FIELDS = Map.ofEntries(
            entry("CustomResourceDefinition", Map.of(
                    "apiVersion", "", "kind", "", "metadata", "", "spec", "CustomResourceDefinitionSpec")),
            entry("CustomResourceDefinitionSpec", Map.of(
                    "conversion", "", "group", "", "names", "CustomResourceDefinitionNames",
                    "preserveUnknownFields", "", "scope", "", "versions", "CustomResourceDefinitionVersion")),
            entry("CustomResourceDefinitionNames", Map.of(
                    "categories", "", "kind", "", "listKind", "", "plural", "", "shortNames", "", "singular", "")),
            entry("CustomResourceDefinitionVersion", Map.of(
                    "additionalPrinterColumns", "CustomResourceColumnDefinition", "deprecated", "",
                    "deprecationWarning", "", "name", "", "schema", "CustomResourceValidation", "served", "",
                    "storage", "", "subresources", "CustomResourceSubresources")),
            entry("CustomResourceColumnDefinition", Map.of(
                    "description", "", "format", "", "jsonPath", "", "name", "", "priority", "", "type", "")),
            entry("CustomResourceValidation", Map.of("openAPIV3Schema", "JSONSchemaProps")),
            entry("CustomResourceSubresources", Map.of("scale", "CustomResourceSubresourceScale", "status", "")),
            entry("CustomResourceSubresourceScale", Map.of(
                    "labelSelectorPath", "", "specReplicasPath", "", "statusReplicasPath", "")),
            entry("JSONSchemaProps", Map.ofEntries(
                    entry("$ref", ""), entry("$schema", ""), entry("additionalItems", "JSONSchemaProps"),
                    entry("additionalProperties", "JSONSchemaProps"), entry("allOf", "JSONSchemaProps"),
                    entry("anyOf", "JSONSchemaProps"), entry("default", ""), entry("definitions", "{JSONSchemaProps}"),
                    entry("dependencies", "{JSONSchemaProps}"), entry("description", ""), entry("enum", ""),
                    entry("example", ""), entry("exclusiveMaximum", ""), entry("exclusiveMinimum", ""),
                    entry("externalDocs", "ExternalDocumentation"), entry("format", ""), entry("id", ""),
                    entry("items", "JSONSchemaProps"), entry("maxItems", ""), entry("maxLength", ""),
                    entry("maxProperties", ""), entry("maximum", ""), entry("minItems", ""), entry("minLength", ""),
                    entry("minProperties", ""), entry("minimum", ""), entry("multipleOf", ""),
                    entry("not", "JSONSchemaProps"), entry("nullable", ""), entry("oneOf", "JSONSchemaProps"),
                    entry("pattern", ""), entry("patternProperties", "{JSONSchemaProps}"),
                    entry("properties", "{JSONSchemaProps}"), entry("required", ""), entry("title", ""),
                    entry("type", ""), entry("uniqueItems", ""), entry("x-kubernetes-embedded-resource", ""),
                    entry("x-kubernetes-int-or-string", ""), entry("x-kubernetes-list-map-keys", ""),
                    entry("x-kubernetes-list-type", ""), entry("x-kubernetes-map-type", ""),
                    entry("x-kubernetes-preserve-unknown-fields", ""),
                    entry("x-kubernetes-validations", "ValidationRule"))),
            entry("ExternalDocumentation", Map.of("description", "", "url", "")),
            // reason and fieldPath are new in 1.28: the reason this is the minimum.
            entry("ValidationRule", Map.of(
                    "fieldPath", "", "message", "", "messageExpression", "", "reason", "", "rule", "")));

    @Test
    void committedCrdsUseOnlyFieldsTheMinimumVersionKnows() throws Exception {
        for (String file : List.of(GeneratedCrds.STREAM_BACKENDS, GeneratedCrds.PROXY_STREAM_NAMESPACES)) {
            List<String> unknown = new ArrayList<>();
            unknownFields("CustomResourceDefinition", GeneratedCrds.committed(file), "", unknown);
            assertThat(unknown).as(file + ": fields Kubernetes " + MINIMUM + " does not know").isEmpty();
        }
    }

    @Test
    void aFieldNewerThanTheMinimumIsFound() throws Exception {
        JsonNode crd = new YAMLMapper().readTree("""
                spec:
                  versions:
                    - name: v1
                      selectableFields: [{jsonPath: .spec.color}]
                      schema:
                        openAPIV3Schema:
                          properties:
                            color: {type: string, x-kubernetes-validations: [{rule: "true", optionalOldSelf: true}]}
                """);
        List<String> unknown = new ArrayList<>();
        unknownFields("CustomResourceDefinition", crd, "", unknown);
        assertThat(unknown).containsExactly(".spec.versions[0].selectableFields",
                ".spec.versions[0].schema.openAPIV3Schema.properties.color.x-kubernetes-validations[0].optionalOldSelf");
    }

    @Test
    void theChartTheReadmeAndTheKubernetesManualClaimTheSameMinimum() throws Exception {
        JsonNode chart = new YAMLMapper().readTree(Path.of(System.getProperty("sluice.chart.dir", "../helm/sluice"))
                .resolve("Chart.yaml").toFile());
        assertThat(chart.path("kubeVersion").asText()).isEqualTo(">=" + MINIMUM + ".0-0");
        assertThat(Files.readString(Path.of(System.getProperty("sluice.readme", "../README.md"))))
                .contains("Kubernetes " + MINIMUM + " or later");
        assertThat(Files.readString(Path.of(System.getProperty("sluice.docs.dir", "../docs"), "kubernetes.md")))
                .contains("Kubernetes " + MINIMUM + " or later");
    }

    private static void unknownFields(String type, JsonNode node, String path, List<String> unknown) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                unknownFields(type, node.get(i), path + "[" + i + "]", unknown);
            }
        } else if (node.isObject() && type.startsWith("{")) {
            String valueType = type.substring(1, type.length() - 1);
            node.properties().forEach(e -> unknownFields(valueType, e.getValue(), path + "." + e.getKey(), unknown));
        } else if (node.isObject()) {
            Map<String, String> known = FIELDS.get(type);
            node.properties().forEach(e -> {
                String field = path + "." + e.getKey();
                if (!known.containsKey(e.getKey())) {
                    unknown.add(field);
                } else if (!known.get(e.getKey()).isEmpty()) {
                    unknownFields(known.get(e.getKey()), e.getValue(), field, unknown);
                }
            });
        }
    }
}
