package io.clustermanagers.aws.operator.core;

import java.util.Comparator;
import java.util.List;

/**
 * Which workers a scale-down stops first: never-registered ones (pending before starting), then
 * those named in {@code spec.scaleDown.workersToDelete}, then the newest.
 */
final class ScaleDownOrder {
  private ScaleDownOrder() {}

  static List<WorkerView> pick(List<WorkerView> active, List<String> workersToDelete, int count) {
    Comparator<WorkerView> order =
        Comparator.comparingInt((WorkerView v) -> rank(v, workersToDelete))
            .thenComparing(
                Comparator.comparingLong((WorkerView v) -> v.worker().launchSequence()).reversed())
            .thenComparing(WorkerView::id, Comparator.reverseOrder());
    return active.stream().sorted(order).limit(count).toList();
  }

  private static int rank(WorkerView view, List<String> workersToDelete) {
    return switch (view.state()) {
      case PENDING -> 0;
      case STARTING -> 1;
      default -> workersToDelete.contains(view.id()) ? 2 : 3;
    };
  }
}
