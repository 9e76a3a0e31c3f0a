package io.clustermanagers.aws.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every YAML and JSON file under deploy/ parses; every Kubernetes manifest is an object. */
class ManifestFilesIT {
  @Test
  void everyYamlFileParses() {
    List<Path> files = DeployFiles.yamlFiles("deploy");
    assertThat(files).hasSizeGreaterThan(15);
    for (Path file : files) {
      String relative = DeployFiles.root().relativize(file).toString();
      List<JsonNode> documents = DeployFiles.yamlDocuments(DeployFiles.read(relative));
      assertThat(documents).as(relative).isNotEmpty();
    }
  }

  @Test
  void kustomizeManifestsAreKubernetesObjects() {
    for (Path file : DeployFiles.yamlFiles("deploy/kustomize")) {
      String relative = DeployFiles.root().relativize(file).toString();
      if (file.getFileName().toString().equals("kustomization.yaml")) {
        continue;
      }
      List<HasMetadata> objects = DeployFiles.kubernetesObjects(DeployFiles.read(relative));
      assertThat(objects)
          .as(relative)
          .isNotEmpty()
          .allSatisfy(
              o -> {
                assertThat(o.getApiVersion()).as(relative).isNotBlank();
                assertThat(o.getKind()).as(relative).isNotBlank();
                assertThat(o.getMetadata().getName()).as(relative).isNotBlank();
              });
    }
  }

  @Test
  void jsonFilesParse() throws Exception {
    for (String json :
        List.of(
            DeployFiles.DASHBOARD,
            "deploy/aws/operator-iam-policy.json",
            DeployFiles.CHART + "/files/grafana-dashboard.json")) {
      JsonNode parsed = DeployFiles.JSON.readTree(DeployFiles.read(json));
      assertThat(parsed.isObject() && !parsed.isEmpty())
          .as("%s is a non-empty JSON object", json)
          .isTrue();
    }
  }
}
