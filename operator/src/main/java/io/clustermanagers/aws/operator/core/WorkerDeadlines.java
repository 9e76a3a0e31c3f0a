package io.clustermanagers.aws.operator.core;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** The registration and heartbeat deadlines of workers: which are missed, which comes next. */
final class WorkerDeadlines {
  private WorkerDeadlines() {}

  /** The stop order for a worker that is lost or past its registration deadline. */
  static Optional<StopOrder> missed(
      WorkerView view, DesiredCluster desired, Instant now, Instant registryOpenedAt) {
    if (view.state() == WorkerState.LOST) {
      return Optional.of(
          new StopOrder(
              view.id(),
              "HeartbeatTimeout",
              "worker "
                  + view.id()
                  + " sent no heartbeat for "
                  + desired.heartbeatTimeout().toSeconds()
                  + "s"));
    }
    if (view.state() == WorkerState.STARTING) {
      if (!registrationDeadline(view, desired, registryOpenedAt).isAfter(now)) {
        return Optional.of(
            new StopOrder(
                view.id(),
                "RegistrationTimeout",
                "worker "
                    + view.id()
                    + " did not register within "
                    + desired.registrationTimeout().toSeconds()
                    + "s"));
      }
    }
    return Optional.empty();
  }

  /**
   * When a running worker must have registered: {@code registrationTimeout} after it started, but
   * never sooner than one heartbeat timeout after this process began accepting registrations (after
   * an operator restart or a new leader, running workers register again at their next heartbeat).
   */
  static Instant registrationDeadline(
      WorkerView view, DesiredCluster desired, Instant registryOpenedAt) {
    Instant started = view.worker().startedAt().orElse(view.worker().launchedAt());
    Instant byTimeout = started.plus(desired.registrationTimeout());
    Instant byRestart = registryOpenedAt.plus(desired.heartbeatTimeout());
    return byTimeout.isAfter(byRestart) ? byTimeout : byRestart;
  }

  /**
   * Whether the worker runs but has not registered: STARTING, or (a node of a running multi-node
   * job that Batch still starts) PENDING with a start time.
   */
  static boolean awaitsRegistration(WorkerView view) {
    return view.state() == WorkerState.STARTING
        || (view.state() == WorkerState.PENDING
            && view.worker().gang().isPresent()
            && view.worker().startedAt().isPresent());
  }

  /** The earliest deadline of an active worker, or the end of a backoff if that comes first. */
  static Optional<Instant> next(
      List<WorkerView> active,
      DesiredCluster desired,
      Optional<Instant> blockedUntil,
      Instant registryOpenedAt) {
    Function<WorkerView, Optional<Instant>> deadline =
        v ->
            switch (v.state()) {
              case READY ->
                  v.registration().map(r -> r.lastHeartbeat().plus(desired.heartbeatTimeout()));
              case STARTING, PENDING ->
                  awaitsRegistration(v)
                      ? Optional.of(registrationDeadline(v, desired, registryOpenedAt))
                      : Optional.empty();
              default -> Optional.empty();
            };
    return active.stream()
        .map(deadline)
        .flatMap(Optional::stream)
        .reduce((a, b) -> a.isBefore(b) ? a : b)
        .map(d -> blockedUntil.filter(b -> b.isBefore(d)).orElse(d))
        .or(() -> blockedUntil);
  }

  /** The earlier of two moments, either of which may be absent. */
  static Optional<Instant> earliest(Optional<Instant> a, Optional<Instant> b) {
    return a.isEmpty() ? b : b.filter(t -> t.isBefore(a.get())).or(() -> a);
  }
}
