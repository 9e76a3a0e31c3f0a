package io.clustermanagers.aws.operator.backend.batch;

import java.util.Map;
import java.util.Optional;

/**
 * A job queue and the capacity of its compute environments.
 *
 * @param maxVcpusByEnvironment each compute environment's maxvCpus; empty value when Batch does not
 *     say (an UNMANAGED environment), which makes the total unknown
 */
record JobQueueInfo(
    String name, String state, Map<String, Optional<Integer>> maxVcpusByEnvironment) {

  JobQueueInfo {
    maxVcpusByEnvironment = Map.copyOf(maxVcpusByEnvironment);
  }

  /** The sum of the environments' maxvCpus, when every environment has one. */
  Optional<Integer> totalMaxVcpus() {
    if (maxVcpusByEnvironment.isEmpty()
        || maxVcpusByEnvironment.values().stream().anyMatch(Optional::isEmpty)) {
      return Optional.empty();
    }
    return Optional.of(maxVcpusByEnvironment.values().stream().mapToInt(Optional::get).sum());
  }
}
