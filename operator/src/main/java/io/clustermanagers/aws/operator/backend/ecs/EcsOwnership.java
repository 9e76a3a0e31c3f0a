package io.clustermanagers.aws.operator.backend.ecs;

import io.clustermanagers.aws.operator.backend.WorkerGroup;
import io.clustermanagers.aws.operator.backend.aws.Sha256;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How a cluster's tasks are recognised: a deterministic {@code startedBy} (the only ListTasks
 * filter), the task group and tags that carry the launch sequence of the RunTask call, and the
 * call's idempotency token. All derive from the cluster UID, so they survive operator restarts.
 */
final class EcsOwnership {
  static final String STOP_REASON_PREFIX = "aws-cluster-operator: ";
  static final String TAG_SEQUENCE = "acm/seq";
  static final String TAG_UID = "acm/cluster-uid";
  static final String TAG_NAMESPACE = "acm/namespace";
  static final String TAG_NAME = "acm/name";
  private static final String GROUP_PREFIX = "acm-seq:";

  private EcsOwnership() {}

  /**
   * {@code acm-} and the 32 hex digits of the UID: 36 characters, the longest {@code startedBy} we
   * design for, and unique per cluster (not just its first eight characters).
   */
  static String startedBy(WorkerGroup group) {
    return "acm-" + compactUid(group.uid());
  }

  /** Idempotency token of the RunTask call whose first task has sequence {@code first}. */
  static String clientToken(WorkerGroup group, long first) {
    return "acm-" + compactUid(group.uid()) + "-" + first; // <= 4 + 32 + 1 + 19 = 56 chars
  }

  /**
   * The task group of a RunTask call. Unlike tags (which StopTask deletes), the group stays on a
   * stopped task, so a stopped task's launch sequence can still be read.
   */
  static String taskGroup(long first) {
    return GROUP_PREFIX + first;
  }

  /** The RunTask call's first sequence, from its tag or else its group. */
  static Optional<Long> callFirstSequence(Map<String, String> tags, String group) {
    String text = tags.get(TAG_SEQUENCE);
    if (text == null && group != null && group.startsWith(GROUP_PREFIX)) {
      text = group.substring(GROUP_PREFIX.length());
    }
    try {
      return text == null ? Optional.empty() : Optional.of(Long.parseLong(text));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  static Map<String, String> tags(WorkerGroup group, long first) {
    Map<String, String> tags = new LinkedHashMap<>();
    if (group.spec().getEcs() != null && group.spec().getEcs().getTags() != null) {
      tags.putAll(group.spec().getEcs().getTags());
    }
    tags.put(TAG_UID, group.uid());
    tags.put(TAG_NAMESPACE, group.key().namespace());
    tags.put(TAG_NAME, group.key().name());
    tags.put(TAG_SEQUENCE, Long.toString(first));
    return tags;
  }

  static boolean stoppedByOperator(String stoppedReason) {
    return stoppedReason != null && stoppedReason.startsWith(STOP_REASON_PREFIX.trim());
  }

  /** StopTask accepts up to 255 characters of reason. */
  static String stopReason(String reason) {
    String full = STOP_REASON_PREFIX + reason;
    return full.length() <= 255 ? full : full.substring(0, 255);
  }

  private static String compactUid(String uid) {
    String compact = uid.replace("-", "").toLowerCase(Locale.ROOT);
    return compact.matches("[a-z0-9]{1,32}") ? compact : Sha256.hex(uid).substring(0, 32);
  }
}
