package io.clustermanagers.aws.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The table invalid-awsclusters.yaml is well formed. Its cases are judged by the real API server
 * (e2e InvalidAwsClustersIT), by standalone mode's schema and CEL check (operator SchemaCheckTest)
 * and by the operator's SpecValidator (operator InvalidAwsClustersSpecValidatorTest).
 */
class InvalidAwsClustersTest {
  static final String TABLE = "/invalid-awsclusters.yaml";
  private static final Set<String> JUDGES = Set.of("schema", "schema-strict", "cel", "operator");

  static List<JsonNode> cases() throws IOException {
    try (InputStream in = InvalidAwsClustersTest.class.getResourceAsStream(TABLE)) {
      List<JsonNode> cases = new ArrayList<>();
      new YAMLMapper().readTree(in).path("cases").forEach(cases::add);
      return cases;
    }
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
}
