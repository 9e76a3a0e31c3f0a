package io.clustermanagers.aws.operator.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.api.v1alpha1.BackendType;
import io.clustermanagers.aws.operator.standalone.InvalidAwsClusters;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.EnumSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The operator cases of the shared table of invalid AwsClusters: the API server accepts them, so
 * SpecValidator must reject each, naming the case's field (the InvalidSpec message shows it).
 */
class InvalidAwsClustersSpecValidatorTest {
  private final SpecValidator validator = new SpecValidator(EnumSet.allOf(BackendType.class));
  private final KubernetesSerialization serialization = new KubernetesSerialization();

  static Stream<Arguments> operatorCases() {
    return InvalidAwsClusters.judgedBy("operator");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("operatorCases")
  void specValidatorRejectsNamingTheField(String name, JsonNode c) {
    AwsCluster cluster = serialization.convertValue(c.path("manifest"), AwsCluster.class);
    ValidationResult result = validator.validate(cluster.getSpec());
    String field = c.path("field").asText();
    assertThat(result.isValid()).as("rejected").isFalse();
    assertThat(result.errors())
        .as("every error names %s", field)
        .extracting(SpecError::field)
        .containsOnly(field);
    assertThat(result.message()).startsWith(field + ": ");
  }
}
