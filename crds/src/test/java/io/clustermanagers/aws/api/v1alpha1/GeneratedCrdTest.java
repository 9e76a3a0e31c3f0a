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
  void everySpecFieldHasADescription() throws IOException {
    JSONSchemaProps spec = version().getSchema().getOpenAPIV3Schema().getProperties().get("spec");
    List<String> undocumented = new ArrayList<>();
    collectUndocumented("spec", spec, undocumented);
    assertThat(undocumented).as("fields without @JsonPropertyDescription").isEmpty();
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
      String child = path + "." + field.getKey();
      if (field.getValue().getDescription() == null
          || field.getValue().getDescription().isBlank()) {
        out.add(child);
      }
      collectUndocumented(child, field.getValue(), out);
      if (field.getValue().getItems() != null && field.getValue().getItems().getSchema() != null) {
        collectUndocumented(child + "[]", field.getValue().getItems().getSchema(), out);
      }
    }
  }
}
