package io.clustermanagers.aws.operator.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.clustermanagers.aws.api.v1alpha1.AwsClusterSpec;
import io.clustermanagers.aws.api.v1alpha1.BackendType;
import io.clustermanagers.aws.api.v1alpha1.BatchSpec;
import io.clustermanagers.aws.api.v1alpha1.EnvVar;
import java.time.Duration;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class SpecValidatorTest {
  private final SpecValidator validator = new SpecValidator(EnumSet.allOf(BackendType.class));

  private static AwsClusterSpec local(int replicas) {
    AwsClusterSpec spec = new AwsClusterSpec();
    spec.setBackend("local");
    spec.setReplicas(replicas);
    return spec;
  }

  @Test
  void appliesDefaults() {
    DesiredCluster desired = validator.validate(local(3)).desired().orElseThrow();
    assertThat(desired.minReady()).isEqualTo(3);
    assertThat(desired.registrationTimeout()).isEqualTo(Duration.ofMinutes(25));
    assertThat(desired.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(desired.suspend()).isFalse();
  }

  @Test
  void minReadyAboveReplicasNamesBothFields() {
    AwsClusterSpec spec = local(3);
    spec.setMinReady(5);
    ValidationResult result = validator.validate(spec);
    assertThat(result.isValid()).isFalse();
    assertThat(result.message()).contains("spec.minReady").contains("spec.replicas (3)");
  }

  @Test
  void negativeReplicasIsRejected() {
    ValidationResult result = validator.validate(local(-1));
    assertThat(result.errors()).extracting(SpecError::field).contains("spec.replicas");
  }

  @Test
  void unknownBackendListsTheKnownOnes() {
    AwsClusterSpec spec = local(1);
    spec.setBackend("kubernetes");
    ValidationResult result = validator.validate(spec);
    assertThat(result.message())
        .contains("spec.backend")
        .contains("\"kubernetes\"")
        .contains("batch, ecs, local");
  }

  @Test
  void disabledBackendIsRejected() {
    SpecValidator onlyAws = new SpecValidator(EnumSet.of(BackendType.BATCH));
    assertThat(onlyAws.validate(local(1)).message()).contains("not enabled").contains("batch");
  }

  @Test
  void badDurationNamesTheField() {
    AwsClusterSpec spec = local(1);
    spec.setHeartbeatTimeout("ten seconds");
    assertThat(validator.validate(spec).message()).contains("spec.heartbeatTimeout");
    spec.setHeartbeatTimeout("0s");
    assertThat(validator.validate(spec).message()).contains("longer than 0s");
  }

  @Test
  void parsesCompoundDurations() {
    AwsClusterSpec spec = local(1);
    spec.setRegistrationTimeout("1h30m");
    assertThat(validator.validate(spec).desired().orElseThrow().registrationTimeout())
        .isEqualTo(Duration.ofMinutes(90));
  }

  @Test
  void batchNeedsAQueueAndAJobDefinitionOrImage() {
    AwsClusterSpec spec = local(1);
    spec.setBackend("batch");
    assertThat(validator.validate(spec).errors())
        .extracting(SpecError::field)
        .containsExactlyInAnyOrder("spec.batch.jobQueue", "spec.batch.jobDefinition");
    spec.setBatch(new BatchSpec());
    spec.getBatch().setJobQueue("q");
    spec.getBatch().setJobDefinition("def:1");
    assertThat(validator.validate(spec).isValid()).isTrue();
  }

  @Test
  void batchTimeoutMustBeADurationOfAtLeastAMinute() {
    AwsClusterSpec spec = local(1);
    spec.setBackend("batch");
    spec.setBatch(new BatchSpec());
    spec.getBatch().setJobQueue("q");
    spec.getBatch().setJobDefinition("def:1");
    spec.getBatch().setTimeout("30s");
    assertThat(validator.validate(spec).message()).contains("spec.batch.timeout", "at least 60s");
    spec.getBatch().setTimeout("12 hours");
    assertThat(validator.validate(spec).message()).contains("spec.batch.timeout", "12 hours");
    spec.getBatch().setTimeout("2h");
    assertThat(validator.validate(spec).isValid()).isTrue();
  }

  @Test
  void reservedAndMalformedEnvNamesAreRejected() {
    AwsClusterSpec spec = local(1);
    spec.getTemplate().getEnv().add(new EnvVar("ACM_TOKEN", "x"));
    spec.getTemplate().getEnv().add(new EnvVar("1BAD", "x"));
    assertThat(validator.validate(spec).errors())
        .extracting(SpecError::field)
        .containsExactly("spec.template.env[0].name", "spec.template.env[1].name");
  }

  @Test
  void missingSpecIsAnError() {
    assertThat(validator.validate(null).message()).contains("spec");
  }
}
