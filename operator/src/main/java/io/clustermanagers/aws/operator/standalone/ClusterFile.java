package io.clustermanagers.aws.operator.standalone;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.operator.core.SpecError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads an AwsCluster YAML file for standalone mode and holds it to what an API server would
 * accept: the CRD's schema and CEL rules, with unknown fields as errors (a typo must not be ignored
 * silently). The resource gets the namespace and generation an API server would have given it; its
 * UID is the run's ({@link RunIdentity}).
 */
final class ClusterFile {
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  private ClusterFile() {}

  static AwsCluster read(Path file, SchemaCheck schema) throws InvalidClusterFile {
    JsonNode tree = tree(file);
    if (!tree.isObject() || !"AwsCluster".equals(tree.path("kind").asText(null))) {
      throw new InvalidClusterFile(file + ": kind must be AwsCluster");
    }
    String expected = AwsCluster.GROUP + "/" + AwsCluster.VERSION;
    if (!expected.equals(tree.path("apiVersion").asText(null))) {
      throw new InvalidClusterFile(
          file
              + ": apiVersion must be "
              + expected
              + ", got "
              + tree.path("apiVersion").asText(null));
    }
    List<SpecError> errors = schema.check(tree);
    if (!errors.isEmpty()) {
      throw new InvalidClusterFile(
          errors.stream().map(e -> file + ": " + e).collect(Collectors.joining("\n")));
    }
    AwsCluster cluster;
    try {
      cluster = YAML.treeToValue(tree, AwsCluster.class);
    } catch (IOException e) {
      throw new InvalidClusterFile(
          file + ": " + e.getMessage().lines().findFirst().orElse("unreadable"));
    }
    if (cluster.getMetadata() == null || cluster.getMetadata().getName() == null) {
      throw new InvalidClusterFile(file + ": metadata.name is required");
    }
    if (cluster.getMetadata().getNamespace() == null) {
      cluster.getMetadata().setNamespace("default");
    }
    cluster.getMetadata().setGeneration(1L);
    return cluster;
  }

  private static JsonNode tree(Path file) throws InvalidClusterFile {
    try {
      JsonNode tree = YAML.readTree(Files.readString(file));
      if (tree == null || tree.isMissingNode()) {
        throw new InvalidClusterFile(file + ": empty file");
      }
      return tree;
    } catch (NoSuchFileException e) {
      throw new InvalidClusterFile(file + ": no such file");
    } catch (IOException e) {
      throw new InvalidClusterFile(
          file + ": " + e.getMessage().lines().findFirst().orElse("unreadable"));
    }
  }

  /** The file cannot be used; the message says why, one problem a line. */
  static final class InvalidClusterFile extends Exception {
    InvalidClusterFile(String message) {
      super(message);
    }
  }
}
