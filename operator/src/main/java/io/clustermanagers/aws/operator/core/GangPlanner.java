package io.clustermanagers.aws.operator.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The plan for a cluster whose workers form one gang (a Batch multi-node job). A gang is launched
 * whole, never resized and never topped up: a node cannot be added to a running job. So a new node
 * count, suspend or (with {@link GangPolicy#replaceOnLoss()}) a lost node stops every node of the
 * gang, and a new gang is launched once none runs with the wanted size. A lost node is one that
 * ended without being asked to, went silent past the heartbeat timeout, or did not register within
 * the registration timeout of its job running; each loss counts as one failure of the gang, so the
 * core's backoff and Degraded apply to gangs as they do to workers.
 */
final class GangPlanner {
  private final PlannerPolicy policy;

  GangPlanner(PlannerPolicy policy) {
    this.policy = policy;
  }

  Plan plan(
      DesiredCluster desired,
      GangPolicy gangPolicy,
      List<WorkerView> views,
      FailureTally previous,
      Instant now,
      Instant registryOpenedAt,
      PlanLimits limits) {
    List<PlanNote> notes = new ArrayList<>();
    Set<String> failedNow = new HashSet<>();
    FailureTally failures = countEndedNodes(views, previous, notes, failedNow);
    List<StopOrder> stops = new ArrayList<>();
    for (Gang gang : Gang.of(views)) {
      if (!gang.isRunning()) {
        continue;
      }
      List<String> lost = lostNodes(gang, desired, now, registryOpenedAt);
      if (gangPolicy.replaceOnLoss() && (gang.missing() > 0 || !lost.isEmpty())) {
        String why = lost.isEmpty() ? missingText(gang) : lost.get(0);
        String message = "terminating " + gang.describe() + " to replace it: " + why;
        stopAll(gang, "NodeLost", message, stops);
        if (!failedNow.contains(gang.id()) && !lost.isEmpty()) {
          failures = failures.withFailure(now, why);
        }
        notes.add(new PlanNote(true, "NodeLost", message));
      } else if (!gangPolicy.replaceOnLoss() && lost.size() == gang.active().size()) {
        String message = "terminating " + gang.describe() + ": every node left is lost";
        stopAll(gang, "NodeLost", message, stops);
        failures = failures.withFailure(now, lost.get(0));
        notes.add(new PlanNote(true, "NodeLost", message + " (" + lost.get(0) + ")"));
      } else if (!gangPolicy.replaceOnLoss()) {
        for (WorkerView node : lostViews(gang, desired, now, registryOpenedAt)) {
          String why = lostText(node, gang, desired);
          String message =
              why + "; keeping the other nodes of " + gang.describe() + " (onNodeLoss Continue)";
          stops.add(new StopOrder(node.id(), "NodeLost", message));
          failures = failures.withFailure(now, why);
          notes.add(new PlanNote(true, "NodeLost", message));
        }
      }
    }
    Set<String> stopping = stops.stream().map(StopOrder::workerId).collect(Collectors.toSet());
    List<Gang> running =
        Gang.of(views).stream()
            .filter(g -> g.active().stream().anyMatch(v -> !stopping.contains(v.id())))
            .toList();
    ClusterLifetime lifetime = limits.lifetime();
    int target = lifetime.target(desired, now);
    Optional<Gang> keeper =
        target == 0
            ? Optional.empty()
            : running.stream()
                .filter(g -> g.size() == target)
                .max(Comparator.comparingLong(Gang::firstSequence));
    for (Gang gang : running) {
      if (keeper.filter(k -> k.id().equals(gang.id())).isEmpty()) {
        retire(gang, desired, target, lifetime.isOver(now), keeper.isPresent(), stops, notes);
      }
    }
    long ready =
        keeper
            .map(k -> k.active().stream().filter(v -> v.state() == WorkerState.READY).count())
            .orElse(0L);
    if (WorkerPlanner.isStable(policy, failures, previous, desired, ready, now)) {
      failures = failures.reset();
    }
    int launch = 0;
    Optional<Instant> blockedUntil = Optional.empty();
    Optional<WorkerLimit> limit = Optional.empty();
    if (keeper.isEmpty() && target > 0) {
      blockedUntil = WorkerPlanner.backoffEnd(policy, failures, now);
      Set<String> stopped = stops.stream().map(StopOrder::workerId).collect(Collectors.toSet());
      int active =
          (int) views.stream().filter(v -> v.isActive() && !stopped.contains(v.id())).count();
      // A gang is one launch, launched whole or not at all; pacing does not split it.
      List<WorkerCap> ceilings =
          limits.caps().stream().filter(c -> c.kind() != WorkerCap.Kind.PACE).toList();
      CappedLaunch capped = CappedLaunch.of(target, active, ceilings);
      limit = capped.limit();
      // A gang launched but not seen yet (a lagging list) is not launched again.
      boolean inFlight = limits.launchesInFlight() > 0;
      launch = blockedUntil.isPresent() || inFlight || capped.launch() < target ? 0 : target;
    }
    List<WorkerView> watched = keeper.map(Gang::active).orElse(List.of());
    return new Plan(
        views,
        launch,
        List.copyOf(stops),
        failures,
        blockedUntil,
        WorkerDeadlines.earliest(
            WorkerDeadlines.earliest(
                WorkerDeadlines.next(watched, desired, blockedUntil, registryOpenedAt),
                lifetime.end().filter(now::isBefore)),
            limits.inFlightUntil()),
        List.copyOf(notes),
        limit,
        lifetime.isOver(now) ? Optional.of(lifetime.describe()) : Optional.empty());
  }

  /** Stops a running gang that is not the one to keep: resized away, suspended or a duplicate. */
  private static void retire(
      Gang gang,
      DesiredCluster desired,
      int target,
      boolean lifetimeOver,
      boolean anotherKept,
      List<StopOrder> stops,
      List<PlanNote> notes) {
    if (desired.suspend()) {
      stopAll(
          gang, "Suspended", "stopping " + gang.describe() + ": the cluster is suspended", stops);
    } else if (lifetimeOver) {
      stopAll(
          gang,
          ClusterLifetime.REASON,
          "stopping " + gang.describe() + ": the cluster reached its spec.maxLifetime",
          stops);
    } else if (target == 0 || anotherKept) {
      stopAll(gang, "ScaleDown", "stopping " + gang.describe() + ": not wanted", stops);
    } else {
      String message =
          "replacing "
              + gang.describe()
              + " with "
              + Gang.aJobOf(target)
              + ": a multi-node job cannot be resized";
      stopAll(gang, "GangResized", message, stops);
      notes.add(new PlanNote(false, "ReplacingGang", message));
    }
  }

  private static void stopAll(Gang gang, String reason, String message, List<StopOrder> stops) {
    Set<String> already = stops.stream().map(StopOrder::workerId).collect(Collectors.toSet());
    gang.active().stream()
        .filter(v -> !already.contains(v.id()))
        .forEach(v -> stops.add(new StopOrder(v.id(), reason, message, Optional.of(gang.id()))));
  }

  /** What is wrong with each lost node of a running gang, in node order. */
  private static List<String> lostNodes(
      Gang gang, DesiredCluster desired, Instant now, Instant registryOpenedAt) {
    return lostViews(gang, desired, now, registryOpenedAt).stream()
        .map(v -> lostText(v, gang, desired))
        .toList();
  }

  private static List<WorkerView> lostViews(
      Gang gang, DesiredCluster desired, Instant now, Instant registryOpenedAt) {
    return gang.active().stream()
        .filter(
            v ->
                v.state() == WorkerState.LOST
                    || (WorkerDeadlines.awaitsRegistration(v)
                        && !WorkerDeadlines.registrationDeadline(v, desired, registryOpenedAt)
                            .isAfter(now)))
        .toList();
  }

  private static String lostText(WorkerView node, Gang gang, DesiredCluster desired) {
    String which = "node " + Gang.index(node) + " (" + node.id() + ")";
    return node.state() == WorkerState.LOST
        ? which + " sent no heartbeat for " + desired.heartbeatTimeout().toSeconds() + "s"
        : which
            + " did not register within "
            + desired.registrationTimeout().toSeconds()
            + "s of "
            + gang.describe()
            + " running";
  }

  private static String missingText(Gang gang) {
    List<String> gone =
        gang.nodes().stream()
            .filter(v -> !v.isActive())
            .map(v -> Integer.toString(Gang.index(v)))
            .toList();
    return (gone.size() == 1 ? "node " : "nodes ")
        + String.join(", ", gone)
        + " ended; "
        + gang.active().size()
        + " of "
        + gang.size()
        + " are left";
  }

  /**
   * Counts the nodes that ended without being asked to since the tally's watermark: one failure per
   * gang (a job whose main node exits ends all its nodes at once), or an interruption when every
   * one of them was interrupted.
   */
  private static FailureTally countEndedNodes(
      List<WorkerView> views, FailureTally tally, List<PlanNote> notes, Set<String> failedNow) {
    List<WorkerView> newlyEnded = WorkerPlanner.newlyEnded(views, tally);
    FailureTally result = tally;
    for (Gang gang : Gang.of(newlyEnded)) {
      Instant last =
          gang.nodes().stream()
              .map(v -> v.worker().endedAt().orElseThrow())
              .max(Comparator.naturalOrder())
              .orElseThrow();
      String message = endedText(gang);
      if (gang.nodes().stream().allMatch(v -> v.worker().interrupted())) {
        result = result.withInterruption().countedThrough(last);
        notes.add(new PlanNote(false, "WorkerInterrupted", message));
      } else {
        result = result.withFailure(last, message).countedThrough(last);
        failedNow.add(gang.id());
        notes.add(new PlanNote(true, "WorkerFailed", message));
      }
    }
    return result;
  }

  private static String endedText(Gang gang) {
    WorkerView first = gang.nodes().get(0);
    String why = first.worker().reason().isBlank() ? "" : " (" + first.worker().reason() + ")";
    String which =
        gang.nodes().size() == 1
            ? "node " + Gang.index(first) + " (" + first.id() + ")"
            : gang.nodes().size() + " nodes";
    return which + " of " + gang.describe() + " ended without being asked to" + why;
  }
}
