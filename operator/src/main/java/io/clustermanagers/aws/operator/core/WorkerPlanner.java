package io.clustermanagers.aws.operator.core;

import io.clustermanagers.aws.operator.backend.BackendWorker;
import io.clustermanagers.aws.operator.coordinator.RegisteredWorker;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Decides which workers to launch and which to stop, and why. A pure function of the desired
 * cluster, what the backend and the coordinator report, the failure tally and the time.
 */
public final class WorkerPlanner {
  private final PlannerPolicy policy;
  private final GangPlanner gangs;

  public WorkerPlanner(PlannerPolicy policy) {
    this.policy = policy;
    this.gangs = new GangPlanner(policy);
  }

  public Plan plan(
      DesiredCluster desired,
      List<BackendWorker> observed,
      List<RegisteredWorker> registered,
      FailureTally previous,
      Instant now,
      Instant registryOpenedAt) {
    Map<String, RegisteredWorker> byId =
        registered.stream()
            .collect(Collectors.toMap(RegisteredWorker::workerId, r -> r, (a, b) -> a));
    List<WorkerView> views =
        observed.stream()
            .map(
                w ->
                    WorkerView.of(
                        w, Optional.ofNullable(byId.get(w.id())), now, desired.heartbeatTimeout()))
            .sorted(Comparator.comparingLong((WorkerView v) -> v.worker().launchSequence()))
            .toList();
    if (desired.gang().isPresent()) {
      return gangs.plan(desired, desired.gang().get(), views, previous, now, registryOpenedAt);
    }
    List<PlanNote> notes = new ArrayList<>();
    FailureTally failures = countEndedWorkers(views, previous, notes);
    List<StopOrder> stops = new ArrayList<>();
    for (WorkerView view : views) {
      Optional<StopOrder> missed = missedDeadline(view, desired, now, registryOpenedAt);
      if (missed.isPresent()) {
        stops.add(missed.get());
        failures = failures.withFailure(now, missed.get().message());
        notes.add(new PlanNote(true, missed.get().reason(), missed.get().message()));
      }
    }
    Set<String> stopping = stops.stream().map(StopOrder::workerId).collect(Collectors.toSet());
    List<WorkerView> active =
        views.stream().filter(v -> v.isActive() && !stopping.contains(v.id())).toList();
    long ready = active.stream().filter(v -> v.state() == WorkerState.READY).count();
    if (isStable(policy, failures, previous, desired, ready, now)) {
      failures = failures.reset();
    }
    int target = desired.targetReplicas();
    int launch = 0;
    Optional<Instant> blockedUntil = Optional.empty();
    if (active.size() < target) {
      blockedUntil = backoffEnd(policy, failures, now);
      launch = blockedUntil.isPresent() ? 0 : target - active.size();
    } else if (active.size() > target) {
      String reason = desired.suspend() ? "Suspended" : "ScaleDown";
      for (WorkerView victim :
          ScaleDownOrder.pick(active, desired.workersToDelete(), active.size() - target)) {
        stops.add(new StopOrder(victim.id(), reason, reasonText(reason, victim)));
      }
    }
    return new Plan(
        views,
        launch,
        List.copyOf(stops),
        failures,
        blockedUntil,
        nextDeadline(active, desired, blockedUntil, registryOpenedAt),
        List.copyOf(notes));
  }

  /** Every worker ready, no new failure now, and none for {@code resetAfter}. */
  static boolean isStable(
      PlannerPolicy policy,
      FailureTally failures,
      FailureTally previous,
      DesiredCluster desired,
      long ready,
      Instant now) {
    return failures.consecutive() > 0
        && failures.equals(previous)
        && desired.replicas() > 0
        && ready >= desired.replicas()
        && failures
            .lastFailureTime()
            .map(t -> !t.plus(policy.resetAfter()).isAfter(now))
            .orElse(true);
  }

  /** Workers that ended without being asked to after the tally's watermark, oldest end first. */
  static List<WorkerView> newlyEnded(List<WorkerView> views, FailureTally tally) {
    return views.stream()
        .filter(v -> v.state() == WorkerState.ENDED && !v.worker().stopRequested())
        .filter(v -> v.worker().endedAt().isPresent())
        .filter(
            v ->
                tally.countedThrough().isEmpty()
                    || v.worker().endedAt().get().isAfter(tally.countedThrough().get()))
        .sorted(Comparator.comparing((WorkerView v) -> v.worker().endedAt().get()))
        .toList();
  }

  private static FailureTally countEndedWorkers(
      List<WorkerView> views, FailureTally tally, List<PlanNote> notes) {
    List<WorkerView> newlyEnded = newlyEnded(views, tally);
    FailureTally result = tally;
    for (WorkerView view : newlyEnded) {
      Instant endedAt = view.worker().endedAt().get();
      String message = endedMessage(view);
      if (view.worker().interrupted()) {
        result = result.withInterruption().countedThrough(endedAt);
        notes.add(new PlanNote(false, "WorkerInterrupted", message + "; replacing it"));
      } else {
        result = result.withFailure(endedAt, message).countedThrough(endedAt);
        notes.add(new PlanNote(true, "WorkerFailed", message));
      }
    }
    return result;
  }

  private static String endedMessage(WorkerView view) {
    String why = view.worker().reason().isBlank() ? "" : " (" + view.worker().reason() + ")";
    return "worker " + view.id() + " ended without being asked to" + why;
  }

  private static Optional<StopOrder> missedDeadline(
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

  static Optional<Instant> backoffEnd(PlannerPolicy policy, FailureTally failures, Instant now) {
    if (failures.consecutive() == 0 || failures.lastFailureTime().isEmpty()) {
      return Optional.empty();
    }
    Instant end = failures.lastFailureTime().get().plus(policy.backoff(failures.consecutive()));
    return end.isAfter(now) ? Optional.of(end) : Optional.empty();
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

  static Optional<Instant> nextDeadline(
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

  private static String reasonText(String reason, WorkerView victim) {
    return reason.equals("Suspended")
        ? "stopping worker " + victim.id() + ": the cluster is suspended"
        : "stopping worker " + victim.id() + " (" + victim.state().display() + "): scaling down";
  }
}
