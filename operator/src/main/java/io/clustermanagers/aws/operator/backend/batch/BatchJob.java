package io.clustermanagers.aws.operator.backend.batch;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One Batch job as ListJobs or DescribeJobs reports it, free of SDK types.
 *
 * @param arraySize the array size of an array parent; empty for a plain job or when the listing did
 *     not say (ListJobs in some emulators)
 * @param statusSummary an array parent's children counted by status (DescribeJobs only)
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
    Map<String, Integer> statusSummary) {

  BatchJob {
    statusReason = statusReason == null ? "" : statusReason;
    statusSummary = Map.copyOf(statusSummary);
  }

  boolean isTerminal() {
    return "SUCCEEDED".equals(status) || "FAILED".equals(status);
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
