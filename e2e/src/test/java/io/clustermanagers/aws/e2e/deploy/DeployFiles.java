package io.clustermanagers.aws.e2e.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/** The repository's files under deploy/ and the parsers the deploy tests read them with. */
public final class DeployFiles {
  public static final String CRD = "crds/awsclusters.aws.clustermanagers.io-v1.yml";
  public static final String CHART = "deploy/helm/aws-cluster-operator";
  public static final String KUSTOMIZE_BASE = "deploy/kustomize/base";
  public static final String RULES = "deploy/monitoring/aws-cluster-operator.rules.yml";
  public static final String RULE_TESTS = "deploy/monitoring/tests";
  public static final String DASHBOARD = "deploy/monitoring/grafana-dashboard.json";
  public static final String METRICS_CONTRACT = "deploy/METRICS.md";
  public static final ObjectMapper YAML = new YAMLMapper();
  public static final ObjectMapper JSON = new ObjectMapper();
  private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();
  private static Path root;

  private DeployFiles() {}

  /** The repository root: the nearest folder above the working directory holding the CRD. */
  public static synchronized Path root() {
    if (root == null) {
      Path dir = Path.of("").toAbsolutePath();
      while (dir != null && !Files.isRegularFile(dir.resolve(CRD))) {
        dir = dir.getParent();
      }
      root = Objects.requireNonNull(dir, "no folder above the working directory holds " + CRD);
    }
    return root;
  }

  public static Path path(String relative) {
    return root().resolve(relative);
  }

  public static String read(String relative) {
    try {
      return Files.readString(path(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every YAML file under {@code folder}, except Helm templates (Go templates, not YAML). */
  public static List<Path> yamlFiles(String folder) {
    try (Stream<Path> files = Files.walk(path(folder))) {
      return files
          .filter(Files::isRegularFile)
          .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
          .filter(f -> !f.startsWith(path(CHART).resolve("templates")))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every document of a (multi-document) YAML text, as a tree; empty documents left out. */
  public static List<JsonNode> yamlDocuments(String text) {
    try {
      return YAML.readerFor(JsonNode.class).<JsonNode>readValues(text).readAll().stream()
          .filter(node -> node != null && !node.isNull() && !node.isMissingNode())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonNode yaml(String relative) {
    List<JsonNode> documents = yamlDocuments(read(relative));
    if (documents.size() != 1) {
      throw new IllegalStateException(relative + " holds " + documents.size() + " documents");
    }
    return documents.get(0);
  }

  /** Kubernetes objects of a rendered manifest stream, typed where fabric8 knows the kind. */
  public static List<HasMetadata> kubernetesObjects(String manifests) {
    return yamlDocuments(manifests).stream()
        .map(node -> KUBERNETES.<HasMetadata>unmarshal(node.toString()))
        .toList();
  }
}
