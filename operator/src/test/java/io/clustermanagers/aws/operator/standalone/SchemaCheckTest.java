package io.clustermanagers.aws.operator.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.operator.core.SpecError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Standalone mode applies the API server's rules: every schema, schema-strict and cel case of the
 * shared table is rejected naming its field (unknown fields strictly), and what the API server
 * accepts is accepted.
 */
class SchemaCheckTest {
  private static final SchemaCheck CHECK = SchemaCheck.awsCluster();
  private static final YAMLMapper YAML = new YAMLMapper();

  static Stream<Arguments> createCases() {
    return InvalidAwsClusters.judgedBy("schema", "schema-strict", "cel")
        .filter(a -> !((JsonNode) a.get()[1]).has("update"));
  }

  static Stream<Arguments> acceptedByTheApiServer() {
    return InvalidAwsClusters.judgedBy("operator", "cel")
        .filter(a -> a.get()[1] instanceof JsonNode c && (c.has("update") || isOperator(c)));
  }

  private static boolean isOperator(JsonNode c) {
    return c.path("judge").asText().equals("operator");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("createCases")
  void rejectsNamingTheField(String name, JsonNode c) {
    String field = c.path("field").asText();
    List<SpecError> errors = CHECK.check(c.path("manifest"));
    assertThat(errors).as("rejected").isNotEmpty();
    assertThat(errors).extracting(SpecError::field).as("names %s only", field).containsOnly(field);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("acceptedByTheApiServer")
  void acceptsWhatTheApiServerAccepts(String name, JsonNode c) {
    assertThat(CHECK.check(c.path("manifest"))).isEmpty();
    if (c.has("update")) {
      assertThat(CHECK.check(c.path("update"))).as("a file is never an update").isEmpty();
    }
  }

  @Test
  void acceptsEveryExample() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("../examples"))) {
      for (Path example : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
        assertThat(CHECK.check(YAML.readTree(example.toFile()))).as(example.toString()).isEmpty();
      }
    }
  }

  @Test
  void saysWhatIsWrongWithTheField() throws IOException {
    assertThat(problems("spec: {backend: local, replicas: 100000000}"))
        .containsExactly("spec.replicas: must be at most 10000, got 100000000");
    assertThat(problems("spec: {backend: local, replicas: three}"))
        .containsExactly("spec.replicas: must be of type integer, got string \"three\"");
    assertThat(problems("spec: {backend: kubernetes}"))
        .containsExactly("spec.backend: \"kubernetes\" is not one of batch, ecs, local");
    assertThat(problems("spec: {replicas: 2}")).containsExactly("spec.backend: is required");
    assertThat(problems("spec: {backend: local, replica: 2}"))
        .containsExactly("spec.replica: unknown field");
    assertThat(problems("spec: {backend: local, replicas: 3, minReady: 5}"))
        .containsExactly("spec.minReady: must not exceed spec.replicas");
    assertThat(problems("spec: {backend: local, registrationTimeout: ten minutes}"))
        .containsExactly(
            "spec.registrationTimeout: \"ten minutes\" does not match"
                + " ^([0-9]+h)?([0-9]+m)?([0-9]+s)?$");
    assertThat(problems("spec: {backend: local, heartbeatTimeout: \"\"}"))
        .contains("spec.heartbeatTimeout: must be at least 2 characters long");
    assertThat(problems("spec: {backend: ecs, ecs: {tags: {\"aws:x\": y}}}"))
        .containsExactly(
            "spec.ecs.tags: tag keys are at most 128 characters and must not start with aws:,"
                + " values at most 256");
    assertThat(problems("spec: {backend: local, batch: {jobQueue: q}}"))
        .containsExactly(
            "spec.batch: is only read by backend batch: remove it or set spec.backend to batch");
  }

  @Test
  void clusterFileReportsEveryProblemWithTheFileName(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("cluster.yaml");
    Files.writeString(
        file,
        "apiVersion: aws.clustermanagers.io/v1alpha1\nkind: AwsCluster\nmetadata: {name: x}\n"
            + "spec: {backend: local, replicas: 100000000, heartbeatTimeout: 5 seconds}\n");
    assertThatThrownBy(() -> ClusterFile.read(file, CHECK))
        .hasMessage(
            file
                + ": spec.heartbeatTimeout: \"5 seconds\" does not match"
                + " ^([0-9]+h)?([0-9]+m)?([0-9]+s)?$\n"
                + file
                + ": spec.replicas: must be at most 10000, got 100000000");
  }

  @Test
  void clusterFileReadsAValidFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("cluster.yaml");
    Files.writeString(
        file,
        "apiVersion: aws.clustermanagers.io/v1alpha1\nkind: AwsCluster\nmetadata: {name: x}\n"
            + "spec: {backend: local, replicas: 2}\n");
    AwsCluster cluster = ClusterFile.read(file, CHECK);
    assertThat(cluster.getSpec().getReplicas()).isEqualTo(2);
    assertThat(cluster.getMetadata().getNamespace()).isEqualTo("default");
  }

  private static List<String> problems(String specYaml) throws IOException {
    JsonNode resource =
        YAML.readTree(
            "apiVersion: aws.clustermanagers.io/v1alpha1\nkind: AwsCluster\nmetadata: {name: x}\n"
                + specYaml);
    return CHECK.check(resource).stream().map(SpecError::toString).toList();
  }
}
