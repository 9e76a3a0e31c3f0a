package io.clustermanagers.aws.operator.backend.batch;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A job queue and the capacity of its compute environments.
 *
 * @param maxVcpusByEnvironment each compute environment's maxvCpus; empty value when Batch does not
 *     say (an UNMANAGED environment), which makes the total unknown
 * @param typeByEnvironment each compute environment's resource type (EC2, SPOT, FARGATE,
 *     FARGATE_SPOT) where Batch says
 */
record JobQueueInfo(
    String name,
    String state,
    Map<String, Optional<Integer>> maxVcpusByEnvironment,
    Map<String, String> typeByEnvironment) {

  JobQueueInfo {
    maxVcpusByEnvironment = Map.copyOf(maxVcpusByEnvironment);
    typeByEnvironment = Map.copyOf(typeByEnvironment);
  }

  JobQueueInfo(String name, String state, Map<String, Optional<Integer>> maxVcpusByEnvironment) {
    this(name, state, maxVcpusByEnvironment, Map.of());
  }

  /** The sum of the environments' maxvCpus, when every environment has one. */
  Optional<Integer> totalMaxVcpus() {
    return total(maxVcpusByEnvironment);
  }

  /**
   * The environments that can run a multi-node parallel job (all but Fargate ones; an environment
   * of unknown type counts, as an UNMANAGED one of EC2 instances may).
   */
  Map<String, Optional<Integer>> multiNodeCapable() {
    return maxVcpusByEnvironment.entrySet().stream()
        .filter(e -> !typeByEnvironment.getOrDefault(e.getKey(), "").startsWith("FARGATE"))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  static Optional<Integer> total(Map<String, Optional<Integer>> maxVcpus) {
    if (maxVcpus.isEmpty() || maxVcpus.values().stream().anyMatch(Optional::isEmpty)) {
      return Optional.empty();
    }
    return Optional.of(maxVcpus.values().stream().mapToInt(Optional::get).sum());
  }
}
