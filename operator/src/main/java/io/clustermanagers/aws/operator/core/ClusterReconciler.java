package io.clustermanagers.aws.operator.core;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterStatus;
import io.clustermanagers.aws.operator.backend.BackendException;
import io.clustermanagers.aws.operator.backend.BackendWorker;
import io.clustermanagers.aws.operator.backend.CoordinatorAccess;
import io.clustermanagers.aws.operator.backend.LaunchRequest;
import io.clustermanagers.aws.operator.backend.WorkerBackend;
import io.clustermanagers.aws.operator.backend.WorkerGroup;
import io.clustermanagers.aws.operator.model.ClusterKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/**
 * Brings one cluster toward its spec: validate → observe → plan → execute → record. Knows nothing
 * of JOSDK or of any cloud SDK; the operator's controller and the standalone runner both drive it.
 */
public final class ClusterReconciler {
  private static final Duration SHORTEST_REQUEUE = Duration.ofMillis(100);
  private final CoreParts parts;
  private final ClusterTeardown teardown;
  private final StatusReport report;
  private final ClusterLimits limits;

  public ClusterReconciler(CoreParts parts) {
    this.parts = parts;
    this.teardown = new ClusterTeardown(parts);
    this.report = new StatusReport(parts);
    this.limits = new ClusterLimits(parts.quota());
  }

  /** One pass toward the spec; never waits for workers, it asks to be called again instead. */
  public ReconcileResult reconcile(AwsCluster cluster) {
    Instant now = parts.clock().instant();
    AwsClusterStatus previous = parts.recorder().current(cluster);
    ValidationResult validation = parts.validator().validate(cluster.getSpec());
    if (!validation.isValid()) {
      String message = validation.message() + " (running workers are kept)";
      parts.events().emit(cluster, new PlanNote(true, "InvalidSpec", message));
      parts.metrics().reconcileError(keyOf(cluster), "InvalidSpec");
      report.problem(
          cluster, previous, new ClusterFacts.Problem("InvalidSpec", message, true), now);
      return ReconcileResult.waitForChange();
    }
    DesiredCluster desired = validation.desired().orElseThrow();
    WorkerBackend backend = parts.backends().find(desired.backend()).orElseThrow();
    try {
      WorkerGroup group = openGroup(cluster, desired);
      return converge(cluster, desired, backend, group, previous, now);
    } catch (BackendException e) {
      ClusterFacts.Problem problem =
          new ClusterFacts.Problem(e.reason(), e.getMessage(), e.isPermanent());
      parts.events().emit(cluster, new PlanNote(true, e.reason(), e.getMessage()));
      parts.metrics().reconcileError(keyOf(cluster), e.reason());
      // Against what this pass may already have recorded (the launch intent), not `previous`:
      // the launch sequence and failure counts must never go back.
      report.problem(cluster, parts.recorder().current(cluster), problem, now);
      if (!e.isPermanent()) {
        throw new TransientBackendFailure(e);
      }
      return ReconcileResult.after(parts.timing().afterPermanentError());
    }
  }

  /** Stops every worker; done once the backend confirms that none is left. */
  public ReconcileResult cleanup(AwsCluster cluster) {
    return teardown.cleanup(cluster, "the AwsCluster was deleted");
  }

  /** Stops every worker, saying {@code why}; done once the backend confirms none is left. */
  public ReconcileResult cleanup(AwsCluster cluster, String why) {
    return teardown.cleanup(cluster, why);
  }

  private ReconcileResult converge(
      AwsCluster cluster,
      DesiredCluster desired,
      WorkerBackend backend,
      WorkerGroup group,
      AwsClusterStatus previous,
      Instant now)
      throws BackendException {
    List<BackendWorker> observed = backend.observe(group);
    Instant openedAt = parts.registry().openedAt(group.key()).orElse(now);
    Plan plan =
        parts
            .planner()
            .plan(
                desired,
                observed,
                parts.registry().workers(group.key()),
                FailureTally.from(previous.getFailures()),
                now,
                openedAt,
                limits.of(cluster, desired, backend, observed, openedAt, now));
    long next = nextSequence(previous, observed);
    List<BackendWorker> launched = List.of();
    if (plan.launch() > 0) {
      // Intent first: a crash after the launch cannot reuse these sequence numbers.
      report.progress(cluster, desired, plan.workers(), plan, next + plan.launch(), previous, now);
      launched = backend.launch(group, new LaunchRequest(next, plan.launch()));
      next += plan.launch();
      parts.metrics().launched(group.key(), desired.backend().specValue(), launched.size());
      parts
          .events()
          .emit(
              cluster,
              new PlanNote(
                  false,
                  "Launched",
                  "launched "
                      + launched.size()
                      + " "
                      + desired.backend().specValue()
                      + " workers"));
    }
    backend
        .advisories(group)
        .forEach(a -> parts.events().emit(cluster, new PlanNote(true, "BackendWarning", a)));
    stopAndForget(cluster, backend, group, plan);
    plan.notes().forEach(note -> parts.events().emit(cluster, note));
    long interruptions =
        plan.notes().stream().filter(n -> n.reason().equals("WorkerInterrupted")).count();
    if (interruptions > 0) {
      parts.metrics().interrupted(group.key(), (int) interruptions);
    }
    long failures = plan.notes().stream().filter(PlanNote::warning).count();
    if (failures > 0) {
      parts.metrics().failed(group.key(), (int) failures);
    }
    List<WorkerView> after = AfterActions.apply(plan, launched, desired, now);
    settleWorkersToDelete(cluster, desired, after);
    AwsClusterStatus status = report.progress(cluster, desired, after, plan, next, previous, now);
    parts
        .metrics()
        .observed(
            group.key(),
            desired.backend().specValue(),
            after,
            desired.targetReplicas(),
            status,
            now);
    return ReconcileResult.after(requeueDelay(plan, after, now));
  }

  /** Ids in workersToDelete whose worker is stopping, gone or unknown leave the list. */
  private void settleWorkersToDelete(
      AwsCluster cluster, DesiredCluster desired, List<WorkerView> after) {
    if (desired.workersToDelete().isEmpty()) {
      return;
    }
    java.util.Set<String> active =
        after.stream()
            .filter(WorkerView::isActive)
            .map(WorkerView::id)
            .collect(java.util.stream.Collectors.toSet());
    java.util.Set<String> done =
        desired.workersToDelete().stream()
            .filter(id -> !active.contains(id))
            .collect(java.util.stream.Collectors.toSet());
    if (!done.isEmpty()) {
      parts.workersToDelete().remove(cluster, done);
    }
  }

  private void stopAndForget(
      AwsCluster cluster, WorkerBackend backend, WorkerGroup group, Plan plan)
      throws BackendException {
    for (StopBatch batch : StopBatch.of(plan.stops())) {
      backend.stop(group, batch.workerIds(), batch.message());
    }
    java.util.Set<String> gangsStopped = new java.util.HashSet<>();
    for (StopOrder stop : plan.stops()) {
      if (stop.wholeGang().isPresent() && gangsStopped.add(stop.wholeGang().get())) {
        List<String> members =
            plan.stops().stream()
                .filter(s -> s.wholeGang().equals(stop.wholeGang()))
                .map(StopOrder::workerId)
                .toList();
        backend.stopGang(group, stop.wholeGang().get(), members, stop.message());
      }
      parts.metrics().stopped(group.key(), stop.reason(), 1);
      parts.registry().forget(group.key(), stop.workerId());
      if (stop.reason().equals("ScaleDown")
          || stop.reason().equals("Suspended")
          || stop.reason().equals(ClusterLifetime.REASON)) {
        parts.events().emit(cluster, new PlanNote(false, "Stopping", stop.message()));
      }
    }
    plan.workers().stream()
        .filter(v -> v.state() == WorkerState.ENDED && v.registration().isPresent())
        .forEach(v -> parts.registry().forget(group.key(), v.id()));
  }

  private WorkerGroup openGroup(AwsCluster cluster, DesiredCluster desired)
      throws BackendException {
    String token;
    try {
      token = parts.tokens().tokenFor(cluster);
    } catch (TokenSource.Unavailable e) {
      throw BackendException.transientFailure("TokenSecretConflict", e.getMessage(), e);
    }
    parts.registry().openCluster(keyOf(cluster), token, desired.heartbeatTimeout().dividedBy(3));
    return group(
        cluster,
        new CoordinatorAccess(parts.coordinatorUrl(), token, desired.coordinatorLossTimeout()));
  }

  static WorkerGroup group(AwsCluster cluster, CoordinatorAccess access) {
    return new WorkerGroup(
        keyOf(cluster), cluster.getMetadata().getUid(), cluster.getSpec(), access);
  }

  private Duration requeueDelay(Plan plan, List<WorkerView> after, Instant now) {
    boolean moving =
        after.stream()
            .anyMatch(
                v ->
                    v.state() == WorkerState.PENDING
                        || v.state() == WorkerState.STARTING
                        || v.state() == WorkerState.STOPPING);
    Duration poll = moving ? parts.timing().progressPoll() : parts.timing().resync();
    Duration delay =
        Stream.concat(
                Stream.of(poll),
                plan
                    .nextDeadline()
                    .map(d -> Duration.between(now, d).plus(SHORTEST_REQUEUE))
                    .stream())
            .min(Duration::compareTo)
            .orElse(poll);
    return delay.compareTo(SHORTEST_REQUEUE) < 0 ? SHORTEST_REQUEUE : delay;
  }

  private static long nextSequence(AwsClusterStatus previous, List<BackendWorker> observed) {
    long recorded = previous.getNextLaunchSequence() == null ? 0 : previous.getNextLaunchSequence();
    long seen = observed.stream().mapToLong(w -> w.launchSequence() + 1).max().orElse(0);
    return Math.max(recorded, seen);
  }

  public static ClusterKey keyOf(AwsCluster cluster) {
    return new ClusterKey(cluster.getMetadata().getNamespace(), cluster.getMetadata().getName());
  }
}
