package io.clustermanagers.aws.operator.backend.batch;

import io.clustermanagers.aws.operator.backend.BackendException;
import java.util.Optional;

/**
 * The ancestor's pre-launch check: can the queue's compute environments (their maxvCpus) hold
 * {@code minReady} workers at all? If not, waiting would be forever, so it is a permanent failure.
 */
final class CapacityCheck {
  private CapacityCheck() {}

  /**
   * A permanent failure when {@code minReady} workers cannot fit; empty when they can or unknown.
   */
  static Optional<BackendException> minReadyFits(
      String queue, int minReady, Optional<Double> vcpusPerWorker, JobQueueInfo info) {
    Optional<Double> needed = vcpusPerWorker.map(v -> v * minReady);
    Optional<Integer> available = info.totalMaxVcpus();
    if (needed.isEmpty() || available.isEmpty() || needed.get() <= available.get()) {
      return Optional.empty();
    }
    return Optional.of(
        BackendException.permanent(
            "InsufficientCapacity",
            "minReady "
                + minReady
                + " workers × "
                + format(vcpusPerWorker.get())
                + " vCPUs = "
                + format(needed.get())
                + " vCPUs, but the compute environments of job queue "
                + queue
                + " allow at most "
                + available.get()
                + " vCPUs (maxvCpus "
                + info.maxVcpusByEnvironment()
                + "): lower spec.minReady or the vCPUs per worker, or raise maxvCpus",
            null));
  }

  /**
   * A permanent failure when a multi-node job of {@code nodes} cannot start: Batch starts all its
   * nodes at once and only on EC2 (not Fargate) capacity, so the nodes' vCPUs must fit the queue's
   * EC2 compute environments, or the job waits in RUNNABLE forever.
   */
  static Optional<BackendException> multiNodeFits(
      String queue, int nodes, Optional<Double> vcpusPerNode, JobQueueInfo info) {
    var capable = info.multiNodeCapable();
    if (!info.maxVcpusByEnvironment().isEmpty() && capable.isEmpty()) {
      return Optional.of(
          BackendException.permanent(
              "MultiNodeNeedsEc2",
              "job queue "
                  + queue
                  + " has only Fargate compute environments ("
                  + info.typeByEnvironment()
                  + "), but a multi-node parallel job (spec.batch.multiNode) runs on EC2 only:"
                  + " name a queue with an EC2 or SPOT compute environment (deploy/aws's stack"
                  + " makes one with a cluster placement group)",
              null));
    }
    Optional<Double> needed = vcpusPerNode.map(v -> v * nodes);
    Optional<Integer> available = JobQueueInfo.total(capable);
    if (needed.isEmpty() || available.isEmpty() || needed.get() <= available.get()) {
      return Optional.empty();
    }
    return Optional.of(
        BackendException.permanent(
            "InsufficientCapacity",
            nodes
                + " nodes × "
                + format(vcpusPerNode.get())
                + " vCPUs = "
                + format(needed.get())
                + " vCPUs, but the EC2 compute environments of job queue "
                + queue
                + " allow at most "
                + available.get()
                + " vCPUs (maxvCpus "
                + capable
                + "), and a multi-node job starts all its nodes at once: lower spec.replicas or"
                + " the vCPUs per node, or raise maxvCpus",
            null));
  }

  /** A warning when not all {@code replicas} can run at once; empty when they can or unknown. */
  static Optional<String> replicasFit(
      String queue, int replicas, Optional<Double> vcpusPerWorker, JobQueueInfo info) {
    Optional<Double> needed = vcpusPerWorker.map(v -> v * replicas);
    Optional<Integer> available = info.totalMaxVcpus();
    if (needed.isEmpty() || available.isEmpty() || needed.get() <= available.get()) {
      return Optional.empty();
    }
    return Optional.of(
        replicas
            + " workers need "
            + format(needed.get())
            + " vCPUs; job queue "
            + queue
            + " allows "
            + available.get()
            + ": some will wait in RUNNABLE");
  }

  private static String format(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }
}
