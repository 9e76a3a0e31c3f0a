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
import java.util.stream.Collectors;

/**
 * Decides which workers to launch and which to stop, and why. A pure function of the desired
 * cluster, what the backend and the coordinator report, the failure tally, the limits (the
 * cluster's lifetime, the ceilings on launches) and the time. Limits hold back launches; they stop
 * workers only when the lifetime is over.
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
      Instant registryOpenedAt,
      PlanLimits limits) {
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
      return gangs.plan(
          desired, desired.gang().get(), views, previous, now, registryOpenedAt, limits);
    }
    List<PlanNote> notes = new ArrayList<>();
    FailureTally failures = countEndedWorkers(views, previous, notes);
    List<StopOrder> stops = new ArrayList<>();
    for (WorkerView view : views) {
      Optional<StopOrder> missed = WorkerDeadlines.missed(view, desired, now, registryOpenedAt);
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
    ClusterLifetime lifetime = limits.lifetime();
    int target = lifetime.target(desired, now);
    int launch = 0;
    Optional<Instant> blockedUntil = Optional.empty();
    Optional<WorkerLimit> limit = Optional.empty();
    // Launched but not seen yet: pending workers for the launch decision (never stopped here).
    int counted = active.size() + limits.launchesInFlight();
    if (counted < target) {
      blockedUntil = backoffEnd(policy, failures, now);
      CappedLaunch capped = CappedLaunch.of(target - counted, counted, limits.caps());
      limit = capped.limit();
      launch = blockedUntil.isPresent() ? 0 : capped.launch();
    } else if (active.size() > target) {
      String reason = stopReason(desired, lifetime, now);
      for (WorkerView victim :
          ScaleDownOrder.pick(
              active,
              desired.workersToDelete(),
              active.size() - target,
              desired,
              now,
              registryOpenedAt)) {
        stops.add(new StopOrder(victim.id(), reason, reasonText(reason, victim)));
      }
    }
    Optional<Instant> deadline =
        WorkerDeadlines.next(active, desired, blockedUntil, registryOpenedAt);
    return new Plan(
        views,
        launch,
        List.copyOf(stops),
        failures,
        blockedUntil,
        WorkerDeadlines.earliest(
            WorkerDeadlines.earliest(deadline, lifetime.end().filter(now::isBefore)),
            limits.inFlightUntil()),
        List.copyOf(notes),
        limit,
        lifetime.isOver(now) ? Optional.of(lifetime.describe()) : Optional.empty());
  }

  private static String stopReason(DesiredCluster desired, ClusterLifetime lifetime, Instant now) {
    if (desired.suspend()) {
      return "Suspended";
    }
    return lifetime.isOver(now) ? ClusterLifetime.REASON : "ScaleDown";
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

  static Optional<Instant> backoffEnd(PlannerPolicy policy, FailureTally failures, Instant now) {
    if (failures.consecutive() == 0 || failures.lastFailureTime().isEmpty()) {
      return Optional.empty();
    }
    Instant end = failures.lastFailureTime().get().plus(policy.backoff(failures.consecutive()));
    return end.isAfter(now) ? Optional.of(end) : Optional.empty();
  }

  private static String reasonText(String reason, WorkerView victim) {
    return switch (reason) {
      case "Suspended" -> "stopping worker " + victim.id() + ": the cluster is suspended";
      case ClusterLifetime.REASON ->
          "stopping worker " + victim.id() + ": the cluster reached its spec.maxLifetime";
      default ->
          "stopping worker " + victim.id() + " (" + victim.state().display() + "): scaling down";
    };
  }
}
