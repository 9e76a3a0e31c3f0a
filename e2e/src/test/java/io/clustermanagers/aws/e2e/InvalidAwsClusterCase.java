package io.clustermanagers.aws.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * One case of the shared table of invalid AwsClusters ({@code
 * crds/src/test/resources/invalid-awsclusters.yaml}; its header says what each key means).
 *
 * @param name the case id and the manifest's metadata.name
 * @param judge schema, schema-strict, cel or operator
 * @param field the field path the rejection must name, as the API server writes it
 * @param manifest the AwsCluster to create
 * @param update for transition cases: the AwsCluster that must not replace {@code manifest}
 */
record InvalidAwsClusterCase(
    String name, String judge, String field, JsonNode manifest, Optional<JsonNode> update) {
  static final Path TABLE = Path.of("../crds/src/test/resources/invalid-awsclusters.yaml");
  private static final Pattern INDEXED = Pattern.compile("([^\\[]+)((?:\\[[0-9]+\\])*)");

  static List<InvalidAwsClusterCase> all() {
    try {
      List<InvalidAwsClusterCase> cases = new ArrayList<>();
      for (JsonNode c : new YAMLMapper().readTree(Files.readString(TABLE)).path("cases")) {
        cases.add(
            new InvalidAwsClusterCase(
                c.path("name").asText(),
                c.path("judge").asText(),
                c.path("field").asText(),
                c.path("manifest"),
                Optional.ofNullable(c.get("update"))));
      }
      return cases;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The cases of these judges, with or without an update, as (name, case) test arguments. */
  static Stream<Arguments> judgedBy(boolean updates, String... judges) {
    Set<String> wanted = Set.of(judges);
    return all().stream()
        .filter(c -> wanted.contains(c.judge()) && c.update().isPresent() == updates)
        .map(c -> Arguments.of(c.name(), c));
  }

  /** The value at {@link #field} in {@code object}: a missing node when it has none. */
  JsonNode fieldIn(JsonNode object) {
    JsonNode at = object;
    for (String part : field.split("\\.")) {
      Matcher m = INDEXED.matcher(part);
      if (!m.matches()) {
        throw new IllegalArgumentException(name + ": cannot follow field " + field);
      }
      at = at.path(m.group(1));
      for (String index : m.group(2).replace("]", "").split("\\[")) {
        if (!index.isEmpty()) {
          at = at.path(Integer.parseInt(index));
        }
      }
    }
    return at;
  }
}
