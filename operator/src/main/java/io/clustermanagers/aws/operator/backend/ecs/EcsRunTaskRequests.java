package io.clustermanagers.aws.operator.backend.ecs;

import io.clustermanagers.aws.api.v1alpha1.EcsNetworkConfiguration;
import io.clustermanagers.aws.api.v1alpha1.EcsSpec;
import io.clustermanagers.aws.operator.backend.AgentEnvironment;
import io.clustermanagers.aws.operator.backend.WorkerGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.AwsVpcConfiguration;
import software.amazon.awssdk.services.ecs.model.CapacityProviderStrategyItem;
import software.amazon.awssdk.services.ecs.model.ContainerOverride;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.NetworkConfiguration;
import software.amazon.awssdk.services.ecs.model.RunTaskRequest;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.TaskOverride;

/** Builds the RunTask call for one chunk of at most ten workers. Pure. */
final class EcsRunTaskRequests {
  static final int MAX_PER_CALL = 10;

  private EcsRunTaskRequests() {}

  /**
   * @param tokenEnvironment how the agent gets its token (see {@link
   *     io.clustermanagers.aws.operator.backend.aws.TokenDelivery})
   */
  static RunTaskRequest request(
      WorkerGroup group,
      EcsTaskDefinitions.Resolved definition,
      Map<String, String> tokenEnvironment,
      long first,
      int count) {
    if (count < 1 || count > MAX_PER_CALL) {
      throw new IllegalArgumentException("RunTask launches 1 to 10 tasks, not " + count);
    }
    EcsSpec ecs = group.spec().getEcs();
    RunTaskRequest.Builder request =
        RunTaskRequest.builder()
            .cluster(ecs.getCluster())
            .taskDefinition(definition.taskDefinition())
            .count(count)
            .startedBy(EcsOwnership.startedBy(group))
            .group(EcsOwnership.taskGroup(first))
            // ECS launches a call once per token: the client's standard retries (a 5xx, a reset, a
            // lost answer) send it again safely and get the first call's tasks back
            .clientToken(EcsOwnership.clientToken(group, first))
            .tags(
                EcsOwnership.tags(group, first).entrySet().stream()
                    .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                    .toList())
            .overrides(
                TaskOverride.builder()
                    .containerOverrides(
                        containerOverride(group, definition.containerName(), tokenEnvironment))
                    .build());
    if (ecs.getLaunchType() != null && !ecs.getLaunchType().isBlank()) {
      request.launchType(ecs.getLaunchType());
    }
    if (ecs.getCapacityProviderStrategy() != null && !ecs.getCapacityProviderStrategy().isEmpty()) {
      request.capacityProviderStrategy(
          ecs.getCapacityProviderStrategy().stream()
              .map(
                  p ->
                      CapacityProviderStrategyItem.builder()
                          .capacityProvider(p.getCapacityProvider())
                          .weight(p.getWeight())
                          .base(p.getBase())
                          .build())
              .toList());
    }
    if (ecs.getPlatformVersion() != null && !ecs.getPlatformVersion().isBlank()) {
      request.platformVersion(ecs.getPlatformVersion());
    }
    EcsNetworkConfiguration network = ecs.getNetworkConfiguration();
    if (network != null && network.getSubnets() != null && !network.getSubnets().isEmpty()) {
      request.networkConfiguration(
          NetworkConfiguration.builder()
              .awsvpcConfiguration(
                  AwsVpcConfiguration.builder()
                      .subnets(network.getSubnets())
                      .securityGroups(network.getSecurityGroups())
                      .assignPublicIp(
                          Boolean.TRUE.equals(network.getAssignPublicIp())
                              ? AssignPublicIp.ENABLED
                              : AssignPublicIp.DISABLED)
                      .build())
              .build());
    }
    return request.build();
  }

  /**
   * The agent's environment and the workload command. The overrides are readable by anyone allowed
   * ecs:DescribeTasks, so by default they carry the token's secret ARN, not the token.
   */
  private static ContainerOverride containerOverride(
      WorkerGroup group, String containerName, Map<String, String> tokenEnvironment) {
    List<KeyValuePair> env = new ArrayList<>();
    AgentEnvironment.of(group, tokenEnvironment)
        .forEach((name, value) -> env.add(pair(name, value)));
    // ECS sends SIGKILL 30 s after SIGTERM: the agent's default grace (25 s) fits.
    ContainerOverride.Builder override =
        ContainerOverride.builder().name(containerName).environment(env);
    List<String> command = AgentEnvironment.workloadCommand(group.spec().getTemplate());
    if (!command.isEmpty()) {
      override.command(command);
    }
    return override.build();
  }

  private static KeyValuePair pair(String name, String value) {
    return KeyValuePair.builder().name(name).value(value).build();
  }
}
