package io.clustermanagers.aws.operator.core;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Which workers a scale-down stops first: those named in {@code spec.scaleDown.workersToDelete}
 * (the user's word wins), then never-registered ones (pending before starting), then the newest. A
 * worker that runs unregistered while this process is still within its re-registration grace (after
 * an operator restart or a leader change, registered workers register again at their next
 * heartbeat) may well have been registered before: it ranks with the registered ones.
 */
final class ScaleDownOrder {
  private ScaleDownOrder() {}

  static List<WorkerView> pick(
      List<WorkerView> active,
      List<String> workersToDelete,
      int count,
      DesiredCluster desired,
      Instant now,
      Instant registryOpenedAt) {
    Comparator<WorkerView> order =
        Comparator.comparingInt(
                (WorkerView v) -> rank(v, workersToDelete, desired, now, registryOpenedAt))
            .thenComparing(
                Comparator.comparingLong((WorkerView v) -> v.worker().launchSequence()).reversed())
            .thenComparing(WorkerView::id, Comparator.reverseOrder());
    return active.stream().sorted(order).limit(count).toList();
  }

  private static int rank(
      WorkerView view,
      List<String> workersToDelete,
      DesiredCluster desired,
      Instant now,
      Instant registryOpenedAt) {
    if (workersToDelete.contains(view.id())) {
      return 0;
    }
    return switch (view.state()) {
      case PENDING -> 1;
      case STARTING -> mayHaveRegistered(view, desired, now, registryOpenedAt) ? 3 : 2;
      default -> 3;
    };
  }

  /**
   * Running since before this process opened the cluster, and the re-registration grace (one
   * heartbeat timeout after opening, as {@link WorkerDeadlines#registrationDeadline} gives) is not
   * over yet.
   */
  static boolean mayHaveRegistered(
      WorkerView view, DesiredCluster desired, Instant now, Instant registryOpenedAt) {
    Instant started = view.worker().startedAt().orElse(view.worker().launchedAt());
    return started.isBefore(registryOpenedAt)
        && now.isBefore(registryOpenedAt.plus(desired.heartbeatTimeout()));
  }
}
