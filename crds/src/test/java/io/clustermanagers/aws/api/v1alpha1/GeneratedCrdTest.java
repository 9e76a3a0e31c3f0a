package io.clustermanagers.aws.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The committed CRD YAML is exactly what the Java classes generate, and documents every field. */
class GeneratedCrdTest {
  static final String FILE = "awsclusters.aws.clustermanagers.io-v1.yml";
  static final Path COMMITTED = Path.of(FILE);
  static final Path GENERATED = Path.of("target/classes/META-INF/fabric8", FILE);

  @Test
  void committedCrdMatchesTheGeneratedOne() throws IOException {
    assertThat(Files.readString(COMMITTED))
        .as(
            "crds/%s is out of date: run `mvn -pl crds process-classes` and `cp crds/%s crds/`",
            FILE, GENERATED)
        .isEqualTo(Files.readString(GENERATED));
  }

  @Test
  void everyFieldOfSpecAndStatusHasADescription() throws IOException {
    JSONSchemaProps root = version().getSchema().getOpenAPIV3Schema();
    List<String> undocumented = new ArrayList<>();
    collectUndocumented("", root, undocumented);
    assertThat(undocumented).as("fields without @JsonPropertyDescription").isEmpty();
    assertThat(root.getProperties()).containsOnlyKeys("spec", "status");
  }

  @Test
  void theWalkNamesAnUndocumentedField() {
    JSONSchemaProps leaf = new JSONSchemaProps();
    JSONSchemaProps item = new JSONSchemaProps();
    item.setProperties(Map.of("name", leaf));
    JSONSchemaProps list = new JSONSchemaProps();
    list.setDescription("documented");
    list.setItems(
        new io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsOrArray(null, item));
    JSONSchemaProps spec = new JSONSchemaProps();
    spec.setProperties(Map.of("env", list));
    JSONSchemaProps root = new JSONSchemaProps();
    root.setProperties(Map.of("spec", spec));
    List<String> undocumented = new ArrayList<>();
    collectUndocumented("", root, undocumented);
    assertThat(undocumented).containsExactlyInAnyOrder("spec", "spec.env[].name");
  }

  @Test
  void boundsEveryNumberAndEveryListOfTheSpec() throws IOException {
    JSONSchemaProps spec = version().getSchema().getOpenAPIV3Schema().getProperties().get("spec");
    List<String> unbounded = new ArrayList<>();
    collectUnbounded("spec", spec, unbounded);
    assertThat(unbounded).as("spec fields without a maximum/maxItems/maxProperties").isEmpty();
    assertThat(spec.getProperties().get("replicas").getMaximum()).isEqualTo(10000.0);
    assertThat(spec.getProperties().get("minReady").getMaximum()).isEqualTo(10000.0);
  }

  @Test
  void targetFieldsAreImmutable() throws IOException {
    JSONSchemaProps spec = version().getSchema().getOpenAPIV3Schema().getProperties().get("spec");
    assertThat(spec.getProperties().get("backend").getXKubernetesValidations())
        .anyMatch(r -> r.getRule().equals("self == oldSelf"));
    for (String field : List.of("batch.jobQueue", "batch.region", "ecs.cluster", "ecs.region")) {
      assertThat(spec.getXKubernetesValidations())
          .as(field)
          .anyMatch(
              r ->
                  r.getRule().contains("oldSelf." + field)
                      && r.getFieldPath().equals("." + field)
                      && r.getMessage().startsWith("spec." + field + " is immutable"));
    }
  }

  @Test
  void hasScaleAndStatusSubresourcesAndTheMinReadyRule() throws IOException {
    CustomResourceDefinitionVersion version = version();
    assertThat(version.getSubresources().getStatus()).isNotNull();
    assertThat(version.getSubresources().getScale().getSpecReplicasPath())
        .isEqualTo(".spec.replicas");
    assertThat(version.getSubresources().getScale().getStatusReplicasPath())
        .isEqualTo(".status.replicas");
    assertThat(version.getSubresources().getScale().getLabelSelectorPath())
        .isEqualTo(".status.selector");
    JSONSchemaProps spec = version.getSchema().getOpenAPIV3Schema().getProperties().get("spec");
    assertThat(spec.getXKubernetesValidations())
        .anyMatch(r -> r.getRule().contains("self.minReady <= self.replicas"));
    assertThat(spec.getProperties().get("replicas").getMinimum()).isEqualTo(0.0);
    assertThat(spec.getProperties().get("backend").getEnum()).hasSize(3);
    assertThat(version.getAdditionalPrinterColumns())
        .extracting(c -> c.getName())
        .contains("Backend", "Desired", "Ready", "Phase", "Age");
  }

  private static CustomResourceDefinitionVersion version() throws IOException {
    CustomResourceDefinition crd =
        new KubernetesSerialization()
            .unmarshal(Files.readString(COMMITTED), CustomResourceDefinition.class);
    assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("awsc");
    return crd.getSpec().getVersions().get(0);
  }

  private static void collectUndocumented(String path, JSONSchemaProps props, List<String> out) {
    if (props.getProperties() == null) {
      return;
    }
    for (Map.Entry<String, JSONSchemaProps> field : props.getProperties().entrySet()) {
      String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
      if (field.getValue().getDescription() == null
          || field.getValue().getDescription().isBlank()) {
        out.add(child);
      }
      collectUndocumented(child, field.getValue(), out);
      if (field.getValue().getItems() != null && field.getValue().getItems().getSchema() != null) {
        collectUndocumented(child + "[]", field.getValue().getItems().getSchema(), out);
      }
      if (field.getValue().getAdditionalProperties() != null
          && field.getValue().getAdditionalProperties().getSchema() != null) {
        collectUndocumented(
            child + "[*]", field.getValue().getAdditionalProperties().getSchema(), out);
      }
    }
  }

  /** Numbers without a maximum, lists without maxItems and maps without maxProperties. */
  private static void collectUnbounded(String path, JSONSchemaProps props, List<String> out) {
    String type = props.getType();
    if (("integer".equals(type) || "number".equals(type)) && props.getMaximum() == null
        || "array".equals(type) && props.getMaxItems() == null
        || props.getAdditionalProperties() != null && props.getMaxProperties() == null) {
      out.add(path);
    }
    if (props.getProperties() != null) {
      props
          .getProperties()
          .forEach((name, child) -> collectUnbounded(path + "." + name, child, out));
    }
    if (props.getItems() != null && props.getItems().getSchema() != null) {
      collectUnbounded(path + "[]", props.getItems().getSchema(), out);
    }
  }
}
