package io.clustermanagers.aws.operator.backend.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clustermanagers.aws.api.v1alpha1.AwsClusterSpec;
import io.clustermanagers.aws.api.v1alpha1.EcsCapacityProvider;
import io.clustermanagers.aws.api.v1alpha1.EcsNetworkConfiguration;
import io.clustermanagers.aws.api.v1alpha1.EcsSpec;
import io.clustermanagers.aws.api.v1alpha1.EnvVar;
import io.clustermanagers.aws.operator.backend.CoordinatorAccess;
import io.clustermanagers.aws.operator.backend.WorkerGroup;
import io.clustermanagers.aws.operator.model.ClusterKey;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.ContainerOverride;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.RunTaskRequest;

class EcsRunTaskRequestsTest {
  private static final EcsTaskDefinitions.Resolved DEFINITION =
      new EcsTaskDefinitions.Resolved("acm-abc:1", "agent");

  private static WorkerGroup spotGroup() {
    AwsClusterSpec spec = new AwsClusterSpec();
    spec.setBackend("ecs");
    spec.getTemplate().setCommand(List.of("python", "work.py"));
    spec.getTemplate().setArgs(List.of("--fast"));
    spec.getTemplate().setEnv(List.of(new EnvVar("MODE", "sim")));
    EcsSpec ecs = new EcsSpec();
    ecs.setCluster("workers");
    ecs.setCapacityProviderStrategy(
        List.of(
            new EcsCapacityProvider("FARGATE_SPOT", 3, null),
            new EcsCapacityProvider("FARGATE", 1, 2)));
    EcsNetworkConfiguration network = new EcsNetworkConfiguration();
    network.setSubnets(List.of("subnet-1"));
    network.setSecurityGroups(List.of("sg-1"));
    ecs.setNetworkConfiguration(network);
    ecs.setPlatformVersion("1.4.0");
    ecs.setTags(Map.of("team", "research"));
    spec.setEcs(ecs);
    return new WorkerGroup(
        new ClusterKey("research", "sim"),
        "3f2b1c9e-1111-2222-3333-444455556666",
        spec,
        new CoordinatorAccess("http://10.0.0.2:8081", "s3cret"));
  }

  @Test
  void aCallCarriesOwnershipIdempotencyAndTheAgentsEnvironment() {
    String arn = "arn:aws:secretsmanager:us-east-1:111122223333:secret:acm-AbCdEf";
    RunTaskRequest request =
        EcsRunTaskRequests.request(
            spotGroup(), DEFINITION, Map.of("ACM_TOKEN_SECRET_ARN", arn), 20, 5);
    assertThat(request.count()).isEqualTo(5);
    assertThat(request.startedBy()).isEqualTo("acm-3f2b1c9e111122223333444455556666");
    assertThat(request.clientToken()).isEqualTo("acm-3f2b1c9e111122223333444455556666-20");
    assertThat(request.group()).isEqualTo("acm-seq:20");
    assertThat(request.launchType()).isNull();
    assertThat(request.capacityProviderStrategy())
        .extracting(c -> c.capacityProvider() + "/" + c.weight() + "/" + c.base())
        .containsExactly("FARGATE_SPOT/3/null", "FARGATE/1/2");
    assertThat(request.platformVersion()).isEqualTo("1.4.0");
    assertThat(request.networkConfiguration().awsvpcConfiguration().subnets())
        .containsExactly("subnet-1");
    assertThat(request.tags().stream().collect(Collectors.toMap(t -> t.key(), t -> t.value())))
        .containsEntry("acm/seq", "20")
        .containsEntry("acm/name", "sim")
        .containsEntry("team", "research");
    ContainerOverride override = request.overrides().containerOverrides().get(0);
    assertThat(override.name()).isEqualTo("agent");
    assertThat(override.command()).containsExactly("python", "work.py", "--fast");
    assertThat(
            override.environment().stream()
                .collect(Collectors.toMap(KeyValuePair::name, KeyValuePair::value)))
        .containsEntry("MODE", "sim")
        .containsEntry("ACM_COORDINATOR_URL", "http://10.0.0.2:8081")
        .containsEntry("ACM_CLUSTER_NAMESPACE", "research")
        .containsEntry("ACM_CLUSTER_NAME", "sim")
        .containsEntry("ACM_TOKEN_SECRET_ARN", arn)
        .doesNotContainKeys("ACM_WORKER_ID", "ACM_TOKEN")
        .doesNotContainValue("s3cret");
  }

  @Test
  void moreThanTenTasksPerCallIsRefused() {
    assertThatThrownBy(() -> EcsRunTaskRequests.request(spotGroup(), DEFINITION, Map.of(), 0, 11))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void registeredDefinitionsAreNamedByTheirContent() {
    EcsSpec ecs = spotGroup().spec().getEcs();
    var template = spotGroup().spec().getTemplate();
    template.setImage("worker:1");
    template.setVcpus(0.5);
    var first = EcsTaskDefinitions.registration(ecs, template);
    assertThat(first.family()).matches("acm-[0-9a-f]{12}");
    assertThat(first.cpu()).isEqualTo("512");
    assertThat(first.memory()).isEqualTo("1024");
    assertThat(EcsTaskDefinitions.registration(ecs, template).family()).isEqualTo(first.family());
    assertThat(first.taskRoleArn()).isNull();
    template.setRoleArn("arn:aws:iam::123456789012:role/aws-cluster-operator/worker");
    var withRole = EcsTaskDefinitions.registration(ecs, template);
    assertThat(withRole.taskRoleArn())
        .isEqualTo("arn:aws:iam::123456789012:role/aws-cluster-operator/worker");
    assertThat(withRole.family()).isNotEqualTo(first.family());
    template.setImage("worker:2");
    assertThat(EcsTaskDefinitions.registration(ecs, template).family())
        .isNotEqualTo(withRole.family());
  }
}
