package io.clustermanagers.aws.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.clustermanagers.aws.api.v1alpha1.OfflineApiServer.Rejection;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of invalid-awsclusters.yaml that the API server judges (schema, schema-strict, cel) is
 * rejected offline by the generated CRD, naming the case's field and nothing else, and by the judge
 * the case names; operator cases pass the CRD (they are the operator's to reject).
 */
class InvalidAwsClustersTest {
  static final String TABLE = "/invalid-awsclusters.yaml";
  private static final Set<String> JUDGES = Set.of("schema", "schema-strict", "cel", "operator");
  private static OfflineApiServer server;

  @BeforeAll
  static void loadCrd() throws IOException {
    JsonNode crd = new YAMLMapper().readTree(Files.readString(GeneratedCrdTest.COMMITTED));
    server =
        new OfflineApiServer(
            crd.path("spec").path("versions").path(0).path("schema").path("openAPIV3Schema"));
  }

  static List<JsonNode> cases() throws IOException {
    try (InputStream in = InvalidAwsClustersTest.class.getResourceAsStream(TABLE)) {
      List<JsonNode> cases = new ArrayList<>();
      new YAMLMapper().readTree(in).path("cases").forEach(cases::add);
      return cases;
    }
  }

  static Stream<Arguments> apiServerCases() throws IOException {
    return cases().stream()
        .filter(c -> !c.path("judge").asText().equals("operator"))
        .map(c -> Arguments.of(c.path("name").asText(), c));
  }

  static Stream<Arguments> operatorCases() throws IOException {
    return cases().stream()
        .filter(c -> c.path("judge").asText().equals("operator"))
        .map(c -> Arguments.of(c.path("name").asText(), c));
  }

  @Test
  void tableIsWellFormed() throws IOException {
    List<JsonNode> cases = cases();
    assertThat(cases).hasSizeGreaterThanOrEqualTo(35);
    Set<String> names = new HashSet<>();
    for (JsonNode c : cases) {
      String name = c.path("name").asText();
      assertThat(names.add(name)).as("unique name %s", name).isTrue();
      assertThat(name).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?").hasSizeLessThanOrEqualTo(63);
      assertThat(JUDGES).as(name).contains(c.path("judge").asText());
      assertThat(c.path("field").asText()).as(name).startsWith("spec");
      assertThat(c.path("manifest").path("metadata").path("name").asText()).isEqualTo(name);
      assertThat(c.path("manifest").path("kind").asText()).isEqualTo("AwsCluster");
      if (c.has("update")) {
        assertThat(c.path("judge").asText()).as(name).isEqualTo("cel");
        assertThat(c.path("update").path("metadata").path("name").asText()).isEqualTo(name);
      }
    }
    Map<String, Long> byJudge =
        cases.stream()
            .collect(Collectors.groupingBy(c -> c.path("judge").asText(), Collectors.counting()));
    assertThat(byJudge.get("operator")).isGreaterThanOrEqualTo(5);
    assertThat(byJudge).containsOnlyKeys(JUDGES);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("apiServerCases")
  void apiServerRejectsNamingTheField(String name, JsonNode c) {
    String field = c.path("field").asText();
    String judge = c.path("judge").asText();
    List<Rejection> rejections;
    if (c.has("update")) {
      assertThat(server.create(c.path("manifest"))).as("the first manifest is valid").isEmpty();
      assertThat(server.create(c.path("update")))
          .as("the update is valid on its own: only the change is rejected")
          .isEmpty();
      rejections = server.update(c.path("manifest"), c.path("update"));
    } else {
      rejections = server.create(c.path("manifest"));
    }
    assertThat(rejections).as("rejected").isNotEmpty();
    assertThat(rejections)
        .as("every rejection names %s", field)
        .allMatch(r -> r.field().equals(field));
    if (judge.equals("schema")) {
      assertThat(rejections).anyMatch(r -> r.judge().equals("schema"));
    } else {
      assertThat(rejections).as("only %s rejects it", judge).allMatch(r -> r.judge().equals(judge));
    }
    if (judge.equals("cel")) {
      assertThat(rejections).allMatch(r -> r.message().contains(field));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("operatorCases")
  void apiServerAcceptsWhatOnlyTheOperatorJudges(String name, JsonNode c) {
    assertThat(server.create(c.path("manifest"))).isEmpty();
  }

  @Test
  void everyExampleIsAccepted() throws IOException {
    try (Stream<java.nio.file.Path> files = Files.list(java.nio.file.Path.of("../examples"))) {
      for (java.nio.file.Path example :
          files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
        JsonNode resource = new YAMLMapper().readTree(Files.readString(example));
        assertThat(server.create(resource)).as(example.toString()).isEmpty();
        assertThat(server.update(resource, resource)).as("%s unchanged", example).isEmpty();
      }
    }
  }
}
