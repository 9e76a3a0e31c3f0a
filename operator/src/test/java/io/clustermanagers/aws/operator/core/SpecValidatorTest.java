package io.clustermanagers.aws.operator.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.clustermanagers.aws.api.v1alpha1.AwsClusterSpec;
import io.clustermanagers.aws.api.v1alpha1.BackendType;
import io.clustermanagers.aws.api.v1alpha1.BatchSpec;
import io.clustermanagers.aws.api.v1alpha1.EcsCapacityProvider;
import io.clustermanagers.aws.api.v1alpha1.EcsNetworkConfiguration;
import io.clustermanagers.aws.api.v1alpha1.EcsSpec;
import io.clustermanagers.aws.api.v1alpha1.EnvVar;
import io.clustermanagers.aws.api.v1alpha1.MultiNodeSpec;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
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
    assertThat(desired.coordinatorLossTimeout()).isEqualTo(Duration.ofMinutes(15));
    assertThat(desired.maxLifetime()).isEmpty();
  }

  @Test
  void readsTheCoordinatorLossTimeoutAndTheMaxLifetime() {
    AwsClusterSpec spec = local(3);
    spec.setCoordinatorLossTimeout("1h");
    spec.setMaxLifetime("8h30m");

    DesiredCluster desired = validator.validate(spec).desired().orElseThrow();

    assertThat(desired.coordinatorLossTimeout()).isEqualTo(Duration.ofHours(1));
    assertThat(desired.maxLifetime()).contains(Duration.ofMinutes(510));
  }

  @Test
  void workersMayNotGiveUpOnTheCoordinatorBetweenTwoHeartbeats() {
    AwsClusterSpec spec = local(3);
    spec.setHeartbeatTimeout("1m");
    spec.setCoordinatorLossTimeout("45s");

    assertThat(validator.validate(spec).message())
        .isEqualTo(
            "spec.coordinatorLossTimeout: (45s) must be at least spec.heartbeatTimeout (1m), or"
                + " workers would stop between two heartbeats");
  }

  @Test
  void aMaxLifetimeThatIsNoDurationIsNamed() {
    AwsClusterSpec spec = local(3);
    spec.setMaxLifetime("forever");

    assertThat(validator.validate(spec).message())
        .isEqualTo("spec.maxLifetime: \"forever\" is not a duration like 30s, 25m or 1h30m");
  }

  private static AwsClusterSpec multiNode(int replicas, MultiNodeSpec multiNode) {
    AwsClusterSpec spec = new AwsClusterSpec();
    spec.setBackend("batch");
    spec.setReplicas(replicas);
    spec.setBatch(new BatchSpec());
    spec.getBatch().setJobQueue("mnp");
    spec.getBatch().setJobDefinition("mnp-worker");
    spec.getBatch().setMultiNode(multiNode);
    return spec;
  }

  @Test
  void aMultiNodeJobIsOneGangThatWaitsForAllNodesFiveMinutes() {
    DesiredCluster desired =
        validator.validate(multiNode(4, new MultiNodeSpec())).desired().orElseThrow();
    assertThat(desired.gang()).contains(new GangPolicy(true));
    assertThat(desired.minReady()).as("the gang is only useful whole").isEqualTo(4);
    assertThat(desired.registrationTimeout()).isEqualTo(Duration.ofMinutes(5));

    MultiNodeSpec keep = new MultiNodeSpec();
    keep.setOnNodeLoss("Continue");
    keep.setRegistrationTimeout("90s");
    DesiredCluster continuing = validator.validate(multiNode(4, keep)).desired().orElseThrow();
    assertThat(continuing.gang()).contains(new GangPolicy(false));
    assertThat(continuing.registrationTimeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(validator.validate(local(4)).desired().orElseThrow().gang()).isEmpty();
  }

  @Test
  void aNodeCountOrMainNodeThatDisagreesWithReplicasIsRejected() {
    MultiNodeSpec wrong = new MultiNodeSpec();
    wrong.setNodes(8);
    wrong.setMainNode(4);
    assertThat(validator.validate(multiNode(4, wrong)).errors())
        .extracting(SpecError::field)
        .containsExactly("spec.batch.multiNode.nodes", "spec.batch.multiNode.mainNode");
    wrong.setNodes(4);
    wrong.setMainNode(3);
    assertThat(validator.validate(multiNode(4, wrong)).isValid()).isTrue();
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
  void absurdReplicasAreRejectedEvenWhereTheCrdIsOlder() {
    assertThat(validator.validate(local(100_000_000)).message())
        .isEqualTo("spec.replicas: must be at most 10000, got 100000000");
    assertThat(validator.validate(local(10_000)).isValid()).isTrue();
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
  void theCoordinatorsCaIsTheUsersToGiveTheAgent() {
    AwsClusterSpec spec = local(1);
    spec.getTemplate()
        .getEnv()
        .add(new EnvVar("ACM_COORDINATOR_CA", "-----BEGIN CERTIFICATE-----"));
    spec.getTemplate().getEnv().add(new EnvVar("ACM_COORDINATOR_CA_FILE", "/etc/ca.pem"));

    assertThat(validator.validate(spec).isValid()).isTrue();
  }

  @Test
  void missingSpecIsAnError() {
    assertThat(validator.validate(null).message()).contains("spec");
  }

  private static AwsClusterSpec fargate() {
    AwsClusterSpec spec = local(2);
    spec.setBackend("ecs");
    spec.getTemplate().setImage("worker:1");
    EcsSpec ecs = new EcsSpec();
    ecs.setCluster("workers");
    ecs.setLaunchType("FARGATE");
    EcsNetworkConfiguration network = new EcsNetworkConfiguration();
    network.setSubnets(List.of("subnet-1"));
    network.setSecurityGroups(List.of("sg-1"));
    ecs.setNetworkConfiguration(network);
    spec.setEcs(ecs);
    return spec;
  }

  @Test
  void completeFargateSpecIsValid() {
    assertThat(validator.validate(fargate()).errors()).isEmpty();
  }

  @Test
  void ecsLaunchTypeAndCapacityProvidersAreExclusive() {
    AwsClusterSpec spec = fargate();
    spec.getEcs()
        .setCapacityProviderStrategy(List.of(new EcsCapacityProvider("FARGATE_SPOT", 1, null)));
    ValidationResult result = validator.validate(spec);
    assertThat(result.errors())
        .extracting(SpecError::field)
        .containsExactly("spec.ecs.capacityProviderStrategy");
    assertThat(result.message()).contains("spec.ecs.launchType");
  }

  @Test
  void ecsUnknownLaunchTypeIsNamed() {
    AwsClusterSpec spec = fargate();
    spec.getEcs().setLaunchType("EXTERNAL");
    assertThat(validator.validate(spec).message())
        .contains("spec.ecs.launchType")
        .contains("\"EXTERNAL\"");
  }

  @Test
  void fargateSpotWithoutSubnetsIsRejected() {
    AwsClusterSpec spec = fargate();
    spec.getEcs().setLaunchType(null);
    spec.getEcs().setTaskDefinition("worker:3");
    spec.getEcs()
        .setCapacityProviderStrategy(
            List.of(
                new EcsCapacityProvider("FARGATE_SPOT", 3, null),
                new EcsCapacityProvider("FARGATE", 1, 1)));
    spec.getEcs().setNetworkConfiguration(null);
    ValidationResult result = validator.validate(spec);
    assertThat(result.errors())
        .extracting(SpecError::field)
        .containsExactly("spec.ecs.networkConfiguration.subnets");
    assertThat(result.message()).contains("Fargate");
  }

  @Test
  void ec2WithItsOwnTaskDefinitionNeedsNoSubnets() {
    AwsClusterSpec spec = fargate();
    spec.getEcs().setLaunchType("EC2");
    spec.getEcs().setTaskDefinition("worker:3");
    spec.getEcs().setNetworkConfiguration(null);
    assertThat(validator.validate(spec).errors()).isEmpty();
  }

  @Test
  void registeredTaskDefinitionNeedsSubnetsEvenOnEc2() {
    AwsClusterSpec spec = fargate();
    spec.getEcs().setLaunchType("EC2");
    spec.getEcs().setNetworkConfiguration(new EcsNetworkConfiguration());
    assertThat(validator.validate(spec).message())
        .contains("spec.ecs.networkConfiguration.subnets")
        .contains("registers the task definition");
  }

  @Test
  void capacityProviderStrategyRulesNameTheEntry() {
    AwsClusterSpec spec = fargate();
    spec.getEcs().setLaunchType(null);
    spec.getEcs()
        .setCapacityProviderStrategy(
            List.of(new EcsCapacityProvider("FARGATE", 0, 1), new EcsCapacityProvider(null, 0, 2)));
    ValidationResult result = validator.validate(spec);
    assertThat(result.errors())
        .extracting(SpecError::field)
        .containsExactlyInAnyOrder(
            "spec.ecs.capacityProviderStrategy[1].capacityProvider",
            "spec.ecs.capacityProviderStrategy",
            "spec.ecs.capacityProviderStrategy");
  }
}
