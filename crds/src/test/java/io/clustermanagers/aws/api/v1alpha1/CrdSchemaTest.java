package io.clustermanagers.aws.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What the API server would accept, checked here because fabric8's mock server does not validate:
 * every example against the generated openAPIV3Schema, bad specs rejected at the right field, and
 * the CRD's CEL rule evaluated.
 */
class CrdSchemaTest {
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode version() throws IOException {
    return YAML.readTree(Files.readString(GeneratedCrdTest.COMMITTED))
        .path("spec")
        .path("versions")
        .get(0);
  }

  private static JsonSchema schema() throws IOException {
    JsonNode openApi = version().path("schema").path("openAPIV3Schema");
    return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(openApi);
  }

  private static Set<ValidationMessage> validate(String yaml) throws IOException {
    return schema().validate(YAML.readTree(yaml));
  }

  @Test
  void everyExampleIsValid() throws IOException {
    List<Path> examples;
    try (Stream<Path> files = Files.list(Path.of("../examples"))) {
      examples = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(examples).hasSizeGreaterThanOrEqualTo(4);
    for (Path example : examples) {
      assertThat(validate(Files.readString(example))).as(example.toString()).isEmpty();
    }
  }

  @Test
  void schemaRejectsBadValuesNamingTheField() throws IOException {
    assertThat(validate(spec("backend: local\nreplicas: -1")))
        .anyMatch(m -> m.getInstanceLocation().toString().contains("replicas"));
    assertThat(validate(spec("backend: kubernetes")))
        .anyMatch(m -> m.getInstanceLocation().toString().contains("backend"));
    assertThat(validate(spec("backend: local\nregistrationTimeout: ten minutes")))
        .anyMatch(m -> m.getInstanceLocation().toString().contains("registrationTimeout"));
    assertThat(validate(spec("backend: batch\ntemplate:\n  roleArn: my-worker-role")))
        .as("a role name where the ARN belongs")
        .anyMatch(m -> m.getInstanceLocation().toString().contains("roleArn"));
    assertThat(validate(spec("replicas: 2"))).as("backend is required").isNotEmpty();
  }

  @Test
  void minReadyRuleAcceptsAndRejectsAsTheApiServerWould() throws Exception {
    JsonNode rule =
        version()
            .path("schema")
            .path("openAPIV3Schema")
            .path("properties")
            .path("spec")
            .path("x-kubernetes-validations")
            .get(0);
    CelCompiler compiler =
        CelCompilerFactory.standardCelCompilerBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("self", SimpleType.DYN)
            .build();
    CelRuntime.Program program =
        CelRuntimeFactory.standardCelRuntimeBuilder()
            .build()
            .createProgram(compiler.compile(rule.path("rule").asText()).getAst());
    assertThat(program.eval(Map.of("self", Map.of("replicas", 3L, "minReady", 5L))))
        .isEqualTo(false);
    assertThat(program.eval(Map.of("self", Map.of("replicas", 3L, "minReady", 3L))))
        .isEqualTo(true);
    assertThat(program.eval(Map.of("self", Map.of("replicas", 3L)))).isEqualTo(true);
    assertThat(rule.path("message").asText()).contains("spec.minReady");
  }

  private static String spec(String specYaml) {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("apiVersion", "aws.clustermanagers.io/v1alpha1");
    doc.put("kind", "AwsCluster");
    doc.putObject("metadata").put("name", "x");
    try {
      doc.set("spec", YAML.readTree(specYaml));
      return YAML.writeValueAsString(doc);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
