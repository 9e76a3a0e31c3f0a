package io.clustermanagers.aws.operator.core;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterStatus;
import io.clustermanagers.aws.api.v1alpha1.BackendType;
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
import java.util.Optional;
import java.util.function.Predicate;
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
  private final KnownClusters known = new KnownClusters();
  private final ObservationReuse observations;

  public ClusterReconciler(CoreParts parts) {
    this(parts, ObservationReuse.never());
  }

  /** A reconciler that plans registration-only passes from {@code observations}. */
  public ClusterReconciler(CoreParts parts, ObservationReuse observations) {
    this.parts = parts;
    this.observations = observations;
    this.report = new StatusReport(parts);
    this.teardown = new ClusterTeardown(parts, report, known);
    this.limits = new ClusterLimits(parts.quota());
  }

  /** One pass toward the spec; never waits for workers, it asks to be called again instead. */
  public ReconcileResult reconcile(AwsCluster cluster) {
    known.remember(cluster);
    Instant now = parts.clock().instant();
    AwsClusterStatus previous = parts.recorder().current(cluster);
    Optional<BackendType> disabled = DisabledBackend.of(cluster, parts.backends());
    if (disabled.isPresent()) {
      String message =
          DisabledBackend.message(
              cluster,
              disabled.get(),
              parts.backends(),
              "its workers are neither observed nor stopped, the finalizer stays");
      parts.events().emit(cluster, new PlanNote(true, DisabledBackend.REASON, message));
      report.problem(
          cluster, previous, new ClusterFacts.Problem(DisabledBackend.REASON, message, true), now);
      return ReconcileResult.waitForChange();
    }
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

  /**
   * Releases what this process holds for clusters that no longer {@code exist} although they were
   * never cleaned up (a finalizer removed by hand): registry entry, status cache, token, metric
   * series, quota share, backend memory. Their workers are not touched.
   *
   * @return how many clusters were released
   */
  public int releaseGone(Predicate<ClusterKey> exists) {
    List<AwsCluster> gone = known.gone(exists);
    gone.forEach(c -> observations.invalidate(keyOf(c)));
    gone.forEach(teardown::releaseGone);
    return gone.size();
  }

  /** Stops every worker; done once the backend confirms that none is left. */
  public ReconcileResult cleanup(AwsCluster cluster) {
    return cleanup(cluster, "the AwsCluster was deleted");
  }

  /** Stops every worker, saying {@code why}; done once the backend confirms none is left. */
  public ReconcileResult cleanup(AwsCluster cluster, String why) {
    known.remember(cluster);
    observations.invalidate(keyOf(cluster));
    return teardown.cleanup(cluster, why);
  }

  private ReconcileResult converge(
      AwsCluster cluster,
      DesiredCluster specified,
      WorkerBackend backend,
      WorkerGroup group,
      AwsClusterStatus previous,
      Instant now)
      throws BackendException {
    List<BackendWorker> observed = observe(cluster, backend, group, now);
    Instant openedAt = parts.registry().openedAt(group.key()).orElse(now);
    LaunchExpectations expected =
        LaunchExpectations.of(previous.getLaunchesInFlight(), observed, now);
    DesiredCluster desired =
        specified.withWorkersToDelete(
            WorkersToDeleteLedger.pending(
                specified.workersToDelete(), previous.getHandledWorkersToDelete()));
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
                limits
                    .of(cluster, desired, backend, observed, expected.unseen(), openedAt, now)
                    .inFlight(expected));
    long next = nextSequence(previous, observed);
    if (plan.launch() > 0 || !plan.stops().isEmpty()) {
      // Before acting: whatever the backend shows after this pass, even a failed one, differs.
      observations.acted(group.key());
    }
    List<BackendWorker> launched = List.of();
    if (plan.launch() > 0) {
      long end = next + plan.launch();
      // Intent first: a crash after the launch cannot reuse these sequence numbers, and a launch
      // the backend does not show yet is not launched again (LaunchExpectations).
      expected = expected.with(next, end, now);
      recordIntent(cluster, desired, plan, end, expected, previous, now);
      try {
        launched = backend.launch(group, new LaunchRequest(next, plan.launch()));
      } catch (BackendException e) {
        if (e.partialLaunch().isPresent()) {
          // Expect only what may exist, so the rest is launched again without waiting out the
          // grace; recorded before the failure is reported.
          recordIntent(
              cluster,
              desired,
              plan,
              end,
              expected.afterPartialLaunch(
                  next, end, e.partialLaunch().get(), parts.clock().instant()),
              previous,
              now);
        }
        throw e;
      }
      expected = expected.afterLaunch(next, end, launched, parts.clock().instant());
      next = end;
      reportLaunched(cluster, desired, group, launched);
    }
    backend
        .advisories(group)
        .forEach(a -> parts.events().emit(cluster, new PlanNote(true, "BackendWarning", a)));
    stopAndForget(cluster, backend, group, plan);
    reportNotes(group, cluster, plan);
    List<WorkerView> after = AfterActions.apply(plan, launched, desired, now);
    List<String> handled =
        WorkersToDeleteLedger.handled(
            specified.workersToDelete(), previous.getHandledWorkersToDelete(), after);
    AwsClusterStatus status =
        report.progress(cluster, desired, after, plan, next, expected, handled, previous, now);
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

  /** Records the launch intent (next sequence {@code end}, the launches expected) in status. */
  private void recordIntent(
      AwsCluster cluster,
      DesiredCluster desired,
      Plan plan,
      long end,
      LaunchExpectations expected,
      AwsClusterStatus previous,
      Instant now) {
    report.progress(
        cluster,
        desired,
        plan.workers(),
        plan,
        end,
        expected,
        orEmpty(previous.getHandledWorkersToDelete()),
        previous,
        now);
  }

  /** What the backend shows, or its last showing when only registrations happened since. */
  private List<BackendWorker> observe(
      AwsCluster cluster, WorkerBackend backend, WorkerGroup group, Instant now)
      throws BackendException {
    Long generation = cluster.getMetadata().getGeneration();
    long gen = generation == null ? 0 : generation;
    Optional<List<BackendWorker>> reused = observations.reusable(group.key(), gen, now);
    if (reused.isPresent()) {
      return reused.get();
    }
    List<BackendWorker> observed = backend.observe(group);
    observations.observed(group.key(), gen, now, observed);
    return observed;
  }

  private void reportLaunched(
      AwsCluster cluster, DesiredCluster desired, WorkerGroup group, List<BackendWorker> launched) {
    parts.metrics().launched(group.key(), desired.backend().specValue(), launched.size());
    parts
        .events()
        .emit(
            cluster,
            new PlanNote(
                false,
                "Launched",
                "launched " + launched.size() + " " + desired.backend().specValue() + " workers"));
  }

  private void reportNotes(WorkerGroup group, AwsCluster cluster, Plan plan) {
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
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  private void stopAndForget(
      AwsCluster cluster, WorkerBackend backend, WorkerGroup group, Plan plan)
      throws BackendException {
    // One Event per backend call, not per worker: suspending 10,000 workers is a few Events.
    for (StopBatch batch : StopBatch.of(plan.stops())) {
      backend.stop(group, batch.workerIds(), batch.message());
      announceStop(cluster, batch.reason(), batch.message());
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
        announceStop(cluster, stop.reason(), stop.message());
      }
      parts.metrics().stopped(group.key(), stop.reason(), 1);
      parts.registry().forget(group.key(), stop.workerId());
    }
    plan.workers().stream()
        .filter(v -> v.state() == WorkerState.ENDED && v.registration().isPresent())
        .forEach(v -> parts.registry().forget(group.key(), v.id()));
  }

  /** Stops the user asked for (scale-down, suspend, the lifetime) are told as Events. */
  private void announceStop(AwsCluster cluster, String reason, String message) {
    if (reason.equals("ScaleDown")
        || reason.equals("Suspended")
        || reason.equals(ClusterLifetime.REASON)) {
      parts.events().emit(cluster, new PlanNote(false, "Stopping", message));
    }
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
