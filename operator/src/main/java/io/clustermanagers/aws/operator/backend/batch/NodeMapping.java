package io.clustermanagers.aws.operator.backend.batch;

import io.clustermanagers.aws.operator.backend.BackendWorker;
import io.clustermanagers.aws.operator.backend.GangNode;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * How the nodes of a multi-node job become workers. While the job waits (SUBMITTED to RUNNABLE) and
 * once it has ended, every node is as the job is: Batch starts all nodes together and stops them
 * all when the main node exits. While it starts or runs, each node is as ListJobs of the job's
 * nodes says; a node not listed yet waits, counted as started with the job (its registration
 * deadline runs from the job reaching RUNNING, for every node).
 */
final class NodeMapping {
  private static final Set<String> WAITING = Set.of("SUBMITTED", "PENDING", "RUNNABLE");

  private NodeMapping() {}

  /** Whether the job's nodes are worth listing: it starts or runs. */
  static boolean hasNodes(BatchJob job) {
    return !WAITING.contains(job.status()) && !job.isTerminal();
  }

  /**
   * Node {@code index} of {@code job}, from its own listing when there is one.
   *
   * @param stopRequestedHere the operator asked the job (or this node) to stop
   */
  static BackendWorker node(
      BatchJob job,
      Optional<BatchJob> listed,
      int index,
      JobShape shape,
      long first,
      boolean stopRequestedHere) {
    BatchJob source = job.isTerminal() || !hasNodes(job) ? job : listed.orElse(job);
    boolean unlisted = hasNodes(job) && listed.isEmpty();
    String status = unlisted ? "STARTING" : source.status();
    Optional<Instant> jobStart =
        hasNodes(job) || job.isTerminal() ? job.startedAt() : Optional.empty();
    // The registration deadline counts from the job reaching RUNNING (its main node's start).
    Optional<Instant> started = jobStart.or(() -> listed.flatMap(BatchJob::startedAt));
    boolean terminal = "SUCCEEDED".equals(status) || "FAILED".equals(status);
    boolean ours =
        job.statusReason().startsWith(BatchWorkerMapping.STOP_REASON_PREFIX)
            || source.statusReason().startsWith(BatchWorkerMapping.STOP_REASON_PREFIX);
    return new BackendWorker(
        job.id() + "#" + index,
        first + index,
        BatchWorkerMapping.phase(status),
        job.createdAt(),
        started,
        terminal
            ? source
                .stoppedAt()
                .or(job::stoppedAt)
                .or(() -> started)
                .or(() -> Optional.of(job.createdAt()))
            : Optional.empty(),
        ours || stopRequestedHere,
        unlisted
            ? "STARTING: the job runs, this node has not started yet"
            : BatchWorkerMapping.reason(source),
        false,
        Optional.of(new GangNode(job.id(), shape.numNodes(), index, index == shape.mainNode())));
  }

  /** A node's index, from what ListJobs said or else from its id ({@code jobId#index}). */
  static int index(BatchJob node) {
    return node.nodes()
        .nodeIndex()
        .orElseGet(() -> Integer.parseInt(node.id().substring(node.id().lastIndexOf('#') + 1)));
  }

  /** A multi-node job's node count and main node. */
  record JobShape(int numNodes, int mainNode) {}
}
