package io.clustermanagers.aws.operator.backend.aws;

import io.clustermanagers.aws.operator.backend.WorkerGroup;
import java.util.Map;
import java.util.Optional;

/**
 * The token itself in the agent's environment ({@code ACM_TOKEN}): readable by anyone allowed to
 * describe the job or task. Only for an AWS without Secrets Manager.
 */
final class EnvironmentTokenDelivery implements TokenDelivery {
  @Override
  public Map<String, String> agentEnvironment(WorkerGroup group, Optional<String> region) {
    return Map.of("ACM_TOKEN", group.coordinator().token());
  }

  @Override
  public boolean needsWorkerRole() {
    return false;
  }

  @Override
  public void release(WorkerGroup group, Optional<String> region) {}
}
