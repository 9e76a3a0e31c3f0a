package io.clustermanagers.aws.operator.core;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which ids of {@code spec.scaleDown.workersToDelete} are handled, recorded in {@code
 * status.handledWorkersToDelete} instead of being removed from the spec: a spec the operator edited
 * would be edited back by a GitOps tool for ever. A handled id is not acted on again; an id leaves
 * the record once it leaves the spec.
 */
final class WorkersToDeleteLedger {
  /** At most this many handled ids are recorded (the status must stay small). */
  static final int MAX_RECORDED = 1000;

  private WorkersToDeleteLedger() {}

  /** The ids of the spec still to act on: not handled before. */
  static List<String> pending(List<String> spec, Collection<String> handled) {
    Set<String> done = Set.copyOf(handled == null ? List.of() : handled);
    return spec.stream().filter(id -> !done.contains(id)).distinct().toList();
  }

  /**
   * The ids of the spec handled after this reconcile: handled before, or their worker is not active
   * any more (stopping, ended, or unknown to the backend), in spec order.
   */
  static List<String> handled(
      List<String> spec, Collection<String> handledBefore, List<WorkerView> after) {
    Set<String> before = Set.copyOf(handledBefore == null ? List.of() : handledBefore);
    Set<String> active =
        after.stream().filter(WorkerView::isActive).map(WorkerView::id).collect(Collectors.toSet());
    return spec.stream()
        .filter(id -> before.contains(id) || !active.contains(id))
        .collect(Collectors.toCollection(LinkedHashSet::new))
        .stream()
        .limit(MAX_RECORDED)
        .toList();
  }
}
