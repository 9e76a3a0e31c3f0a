package io.clustermanagers.aws.operator.core;

import io.clustermanagers.aws.api.v1alpha1.AwsClusterStatus;
import io.clustermanagers.aws.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The Events for a limit the cluster has just run into ({@code WorkerLimitExceeded}, {@code
 * MaxLifetimeExceeded}): one when a condition first shows the reason, not one per reconcile.
 */
final class LimitEvents {
  private static final List<String> REASONS = List.of(WorkerLimit.REASON, ClusterLifetime.REASON);
  private static final List<String> TYPES = List.of(Conditions.PROGRESSING, Conditions.READY);

  private LimitEvents() {}

  /** A warning per limit reason that {@code after} shows and {@code before} did not. */
  static List<PlanNote> newlyReported(AwsClusterStatus before, AwsClusterStatus after) {
    return REASONS.stream()
        .filter(reason -> shown(before, reason).isEmpty())
        .flatMap(reason -> shown(after, reason).stream())
        .map(c -> new PlanNote(true, c.getReason(), c.getMessage()))
        .toList();
  }

  private static Optional<Condition> shown(AwsClusterStatus status, String reason) {
    return TYPES.stream()
        .flatMap(type -> Conditions.find(status.getConditions(), type).stream())
        .filter(c -> Objects.equals(reason, c.getReason()))
        .findFirst();
  }
}
