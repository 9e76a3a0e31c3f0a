package io.clustermanagers.aws.operator.core;

import io.clustermanagers.aws.operator.backend.BackendWorker;
import io.clustermanagers.aws.operator.coordinator.RegisteredWorker;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

/** One worker: what its backend says, what the coordinator knows, and the state that follows. */
public record WorkerView(
    BackendWorker worker, Optional<RegisteredWorker> registration, WorkerState state) {

  public String id() {
    return worker.id();
  }

  /** Workers that count toward the desired number: not ended and not on their way out. */
  public boolean isActive() {
    return state != WorkerState.ENDED && state != WorkerState.STOPPING;
  }

  /** How many of {@code workers} are ready (registered, heartbeat fresh). */
  static int readyIn(Collection<WorkerView> workers) {
    return (int) workers.stream().filter(v -> v.state() == WorkerState.READY).count();
  }

  static WorkerView of(
      BackendWorker worker,
      Optional<RegisteredWorker> registration,
      Instant now,
      Duration heartbeatTimeout) {
    return new WorkerView(
        worker, registration, stateOf(worker, registration, now, heartbeatTimeout));
  }

  private static WorkerState stateOf(
      BackendWorker w, Optional<RegisteredWorker> reg, Instant now, Duration heartbeatTimeout) {
    if (w.isEnded()) {
      return WorkerState.ENDED;
    }
    if (w.stopRequested()
        || w.phase() == io.clustermanagers.aws.operator.backend.WorkerPhase.STOPPING) {
      return WorkerState.STOPPING;
    }
    if (reg.isPresent()) {
      boolean fresh = !reg.get().lastHeartbeat().plus(heartbeatTimeout).isBefore(now);
      return fresh ? WorkerState.READY : WorkerState.LOST;
    }
    return w.phase() == io.clustermanagers.aws.operator.backend.WorkerPhase.PENDING
        ? WorkerState.PENDING
        : WorkerState.STARTING;
  }
}
