package io.clustermanagers.aws.operator.core;

import io.clustermanagers.aws.operator.backend.BackendWorker;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The workers as they are once a plan is carried out, without observing the backend again. */
final class AfterActions {
  private AfterActions() {}

  static List<WorkerView> apply(
      Plan plan, List<BackendWorker> launched, DesiredCluster desired, Instant now) {
    Set<String> stopped =
        plan.stops().stream().map(StopOrder::workerId).collect(Collectors.toSet());
    Stream<WorkerView> existing =
        plan.workers().stream().map(v -> stopped.contains(v.id()) ? stopping(v) : v);
    Stream<WorkerView> fresh =
        launched.stream()
            .map(w -> WorkerView.of(w, Optional.empty(), now, desired.heartbeatTimeout()));
    return Stream.concat(existing, fresh).toList();
  }

  private static WorkerView stopping(WorkerView view) {
    return new WorkerView(
        view.worker().withStopRequested(), view.registration(), WorkerState.STOPPING);
  }
}
