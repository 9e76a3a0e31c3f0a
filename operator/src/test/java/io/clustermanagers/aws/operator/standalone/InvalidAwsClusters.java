package io.clustermanagers.aws.operator.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** The shared table of invalid AwsClusters (crds/src/test/resources/invalid-awsclusters.yaml). */
public final class InvalidAwsClusters {
  public static final Path TABLE = Path.of("../crds/src/test/resources/invalid-awsclusters.yaml");

  private InvalidAwsClusters() {}

  public static List<JsonNode> all() {
    try {
      List<JsonNode> cases = new ArrayList<>();
      new YAMLMapper().readTree(Files.readString(TABLE)).path("cases").forEach(cases::add);
      return cases;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The cases of these judges, as (name, case) arguments of a parameterized test. */
  public static Stream<Arguments> judgedBy(String... judges) {
    Set<String> wanted = Set.of(judges);
    return all().stream()
        .filter(c -> wanted.contains(c.path("judge").asText()))
        .map(c -> Arguments.of(c.path("name").asText(), c));
  }
}
