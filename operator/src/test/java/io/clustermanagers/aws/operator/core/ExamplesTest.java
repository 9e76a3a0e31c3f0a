package io.clustermanagers.aws.operator.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.api.v1alpha1.BackendType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The ECS and Batch examples are complete: they parse and pass validation as they are. */
class ExamplesTest {
  @ParameterizedTest
  @ValueSource(strings = {"ecs-fargate-cluster.yaml", "ecs-fargate-spot-cluster.yaml"})
  void exampleIsAValidEcsCluster(String file) throws Exception {
    AwsCluster cluster;
    try (InputStream in = Files.newInputStream(Path.of("../examples", file))) {
      cluster = Serialization.unmarshal(in, AwsCluster.class);
    }
    ValidationResult result =
        new SpecValidator(EnumSet.allOf(BackendType.class)).validate(cluster.getSpec());
    assertThat(result.errors()).isEmpty();
    assertThat(result.desired().orElseThrow().backend()).isEqualTo(BackendType.ECS);
  }

  @ParameterizedTest
  @ValueSource(strings = {"batch-cluster.yaml", "batch-multinode-cluster.yaml"})
  void exampleIsAValidBatchCluster(String file) throws Exception {
    AwsCluster cluster;
    try (InputStream in = Files.newInputStream(Path.of("../examples", file))) {
      cluster = Serialization.unmarshal(in, AwsCluster.class);
    }
    ValidationResult result =
        new SpecValidator(EnumSet.allOf(BackendType.class)).validate(cluster.getSpec());
    assertThat(result.errors()).isEmpty();
    assertThat(result.desired().orElseThrow().backend()).isEqualTo(BackendType.BATCH);
    assertThat(result.desired().orElseThrow().gang().isPresent())
        .isEqualTo(file.contains("multinode"));
  }
}
