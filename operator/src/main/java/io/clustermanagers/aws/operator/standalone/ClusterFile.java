package io.clustermanagers.aws.operator.standalone;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Reads an AwsCluster YAML file for standalone mode. Unknown fields are errors (a typo must not be
 * ignored silently), and the resource gets the identity an API server would have given it.
 */
final class ClusterFile {
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  private ClusterFile() {}

  static AwsCluster read(Path file) throws InvalidClusterFile {
    AwsCluster cluster;
    try {
      cluster = YAML.readValue(Files.readString(file), AwsCluster.class);
    } catch (NoSuchFileException e) {
      throw new InvalidClusterFile(file + ": no such file");
    } catch (IOException e) {
      throw new InvalidClusterFile(
          file + ": " + e.getMessage().lines().findFirst().orElse("unreadable"));
    }
    if (cluster == null || !"AwsCluster".equals(cluster.getKind())) {
      throw new InvalidClusterFile(file + ": kind must be AwsCluster");
    }
    String expected = AwsCluster.GROUP + "/" + AwsCluster.VERSION;
    if (!expected.equals(cluster.getApiVersion())) {
      throw new InvalidClusterFile(
          file + ": apiVersion must be " + expected + ", got " + cluster.getApiVersion());
    }
    if (cluster.getMetadata() == null || cluster.getMetadata().getName() == null) {
      throw new InvalidClusterFile(file + ": metadata.name is required");
    }
    if (cluster.getMetadata().getNamespace() == null) {
      cluster.getMetadata().setNamespace("default");
    }
    cluster.getMetadata().setUid(UUID.randomUUID().toString());
    cluster.getMetadata().setGeneration(1L);
    return cluster;
  }

  /** The file cannot be used; the message says why. */
  static final class InvalidClusterFile extends Exception {
    InvalidClusterFile(String message) {
      super(message);
    }
  }
}
