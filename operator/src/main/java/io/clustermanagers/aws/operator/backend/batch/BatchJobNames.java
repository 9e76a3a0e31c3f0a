package io.clustermanagers.aws.operator.backend.batch;

import io.clustermanagers.aws.operator.backend.WorkerGroup;
import java.util.OptionalLong;

/**
 * Deterministic job names: {@code acm-<uid>-<first>} for the job (plain or array) that launched the
 * sequence numbers from {@code first} on, {@code <uid>} being the cluster's whole UID without
 * dashes (32 characters: job names allow 128, and a prefix filter must never match another
 * cluster's jobs, which eight characters of a UID cannot promise). SubmitJob has no idempotency
 * token, so these names are what lets a restarted operator find (ListJobs with a {@code JOB_NAME}
 * prefix filter) and adopt what it submitted before, and know each worker's launch sequence.
 */
final class BatchJobNames {
  private static final String PREFIX = "acm-";

  private BatchJobNames() {}

  /** The prefix every job of the group's name starts with. */
  static String prefix(WorkerGroup group) {
    return PREFIX + group.uid().replace("-", "") + "-";
  }

  /** The name of the job launching sequence numbers {@code first} on. */
  static String name(WorkerGroup group, long first) {
    return prefix(group) + first;
  }

  /** The first launch sequence a job's name stands for, or empty for a foreign name. */
  static OptionalLong firstSequence(WorkerGroup group, String jobName) {
    String prefix = prefix(group);
    if (jobName == null || !jobName.startsWith(prefix)) {
      return OptionalLong.empty();
    }
    String rest = jobName.substring(prefix.length());
    if (rest.isEmpty() || rest.length() > 18 || !rest.chars().allMatch(Character::isDigit)) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(Long.parseLong(rest));
  }
}
