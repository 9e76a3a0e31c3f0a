package io.clustermanagers.aws.operator.core;

import io.clustermanagers.aws.api.v1alpha1.EcsCapacityProvider;
import io.clustermanagers.aws.api.v1alpha1.EcsNetworkConfiguration;
import io.clustermanagers.aws.api.v1alpha1.EcsSpec;
import java.util.List;
import java.util.Set;

/** What an ECS section must satisfy beyond its schema (ECS rejects these only at RunTask). */
final class EcsSpecRules {
  private static final Set<String> LAUNCH_TYPES = Set.of("FARGATE", "EC2");
  private static final Set<String> FARGATE_PROVIDERS = Set.of("FARGATE", "FARGATE_SPOT");

  private EcsSpecRules() {}

  static void check(EcsSpec ecs, List<SpecError> errors) {
    List<EcsCapacityProvider> strategy =
        ecs.getCapacityProviderStrategy() == null ? List.of() : ecs.getCapacityProviderStrategy();
    boolean hasLaunchType = ecs.getLaunchType() != null && !ecs.getLaunchType().isBlank();
    if (hasLaunchType && !LAUNCH_TYPES.contains(ecs.getLaunchType())) {
      errors.add(
          new SpecError(
              "spec.ecs.launchType", "\"" + ecs.getLaunchType() + "\" is not one of FARGATE, EC2"));
    }
    if (hasLaunchType && !strategy.isEmpty()) {
      errors.add(
          new SpecError(
              "spec.ecs.capacityProviderStrategy",
              "cannot be combined with spec.ecs.launchType: set one of them"));
    }
    checkStrategy(strategy, errors);
    boolean fargate =
        "FARGATE".equals(ecs.getLaunchType())
            || strategy.stream().anyMatch(p -> FARGATE_PROVIDERS.contains(p.getCapacityProvider()));
    boolean registered = ecs.getTaskDefinition() == null || ecs.getTaskDefinition().isBlank();
    EcsNetworkConfiguration network = ecs.getNetworkConfiguration();
    boolean noSubnets =
        network == null || network.getSubnets() == null || network.getSubnets().isEmpty();
    if ((fargate || registered) && noSubnets) {
      errors.add(
          new SpecError(
              "spec.ecs.networkConfiguration.subnets",
              fargate
                  ? "is required for Fargate (awsvpc networking)"
                  : "is required when the operator registers the task definition (awsvpc"
                      + " networking)"));
    }
    if (network != null && network.getSubnets() != null && network.getSubnets().size() > 16) {
      errors.add(
          new SpecError("spec.ecs.networkConfiguration.subnets", "allows at most 16 subnets"));
    }
    if (network != null
        && network.getSecurityGroups() != null
        && network.getSecurityGroups().size() > 5) {
      errors.add(
          new SpecError(
              "spec.ecs.networkConfiguration.securityGroups", "allows at most 5 security groups"));
    }
  }

  private static void checkStrategy(List<EcsCapacityProvider> strategy, List<SpecError> errors) {
    long withBase = 0;
    for (int i = 0; i < strategy.size(); i++) {
      EcsCapacityProvider item = strategy.get(i);
      String field = "spec.ecs.capacityProviderStrategy[" + i + "]";
      if (item.getCapacityProvider() == null || item.getCapacityProvider().isBlank()) {
        errors.add(new SpecError(field + ".capacityProvider", "is required"));
      }
      if (item.getBase() != null && item.getBase() > 0) {
        withBase++;
      }
    }
    if (withBase > 1) {
      errors.add(
          new SpecError(
              "spec.ecs.capacityProviderStrategy",
              "only one capacity provider may have a base above 0"));
    }
    if (strategy.size() > 1
        && strategy.stream().allMatch(p -> p.getWeight() == null || p.getWeight() == 0)) {
      errors.add(
          new SpecError(
              "spec.ecs.capacityProviderStrategy",
              "with several capacity providers, at least one needs a weight above 0"));
    }
  }
}
