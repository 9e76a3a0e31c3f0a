package io.clustermanagers.aws.operator.backend.batch;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One Batch job as ListJobs or DescribeJobs reports it, free of SDK types.
 *
 * @param arraySize the array size of an array parent; empty for a plain job or when the listing did
 *     not say (ListJobs in some emulators)
 * @param statusSummary an array parent's children counted by status (DescribeJobs only)
 * @param nodes what Batch says of a multi-node job or one of its nodes
 */
record BatchJob(
    String id,
    String name,
    String status,
    String statusReason,
    Optional<Integer> exitCode,
    Instant createdAt,
    Optional<Instant> startedAt,
    Optional<Instant> stoppedAt,
    Optional<Integer> arraySize,
    Map<String, Integer> statusSummary,
    NodeFacts nodes) {

  /**
   * A multi-node job's node count and main node, or a node's index; each empty where the call did
   * not say (ListJobs gives a job's node count and a node's index, DescribeJobs the main node).
   */
  record NodeFacts(
      Optional<Integer> numNodes, Optional<Integer> mainNode, Optional<Integer> nodeIndex) {
    static final NodeFacts NONE =
        new NodeFacts(Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** Batch's job statuses, in the order a job goes through them. */
  static final List<String> STATUS_ORDER =
      List.of("SUBMITTED", "PENDING", "RUNNABLE", "STARTING", "RUNNING", "SUCCEEDED", "FAILED");

  /** Every job status. */
  static final Set<String> STATUSES = Set.copyOf(STATUS_ORDER);

  BatchJob {
    statusReason = statusReason == null ? "" : statusReason;
    statusSummary = Map.copyOf(statusSummary);
  }

  /** A job that is not of a multi-node job. */
  BatchJob(
      String id,
      String name,
      String status,
      String statusReason,
      Optional<Integer> exitCode,
      Instant createdAt,
      Optional<Instant> startedAt,
      Optional<Instant> stoppedAt,
      Optional<Integer> arraySize,
      Map<String, Integer> statusSummary) {
    this(
        id,
        name,
        status,
        statusReason,
        exitCode,
        createdAt,
        startedAt,
        stoppedAt,
        arraySize,
        statusSummary,
        NodeFacts.NONE);
  }

  /**
   * The statuses an array parent's summary counts children in, or every status when it has no
   * summary (a parent only listed, or an emulator that does not count).
   */
  Set<String> childStatuses() {
    if (statusSummary.isEmpty()) {
      return STATUSES;
    }
    Set<String> present =
        statusSummary.entrySet().stream()
            .filter(e -> e.getValue() != null && e.getValue() > 0)
            .map(Map.Entry::getKey)
            .collect(Collectors.toUnmodifiableSet());
    return present.isEmpty() ? STATUSES : present;
  }

  boolean isTerminal() {
    return "SUCCEEDED".equals(status) || "FAILED".equals(status);
  }

  /** True for a node of a multi-node job ({@code jobId#index}). */
  boolean isNode() {
    return id.indexOf('#') >= 0;
  }

  /** True for an array child ({@code parentId:index}). */
  boolean isArrayChild() {
    return id.indexOf(':') >= 0;
  }

  /** The index of an array child, from its id. */
  int childIndex() {
    return Integer.parseInt(id.substring(id.lastIndexOf(':') + 1));
  }
}
