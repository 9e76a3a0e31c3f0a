package io.clustermanagers.aws.operator.core;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterStatus;
import io.clustermanagers.aws.operator.backend.BackendException;
import io.clustermanagers.aws.operator.model.ClusterKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Brings one cluster toward its spec: validate → observe → plan → execute → record, each step a
 * collaborator of its own. Knows nothing of JOSDK or of any cloud SDK; the operator's controller
 * and the standalone runner both drive it.
 */
public final class ClusterReconciler {
  private final ClusterAdmission admission;
  private final ClusterObserver observer;
  private final ClusterLimits limits;
  private final WorkerPlanner planner;
  private final PlanExecutor executor;
  private final StatusReport report;
  private final RequeueDelay requeue;
  private final ProblemReport problems;
  private final ClusterTeardown teardown;
  private final ClusterMemory memory;
  private final Clock clock;

  public ClusterReconciler(
      ClusterAdmission admission,
      ClusterObserver observer,
      ClusterLimits limits,
      WorkerPlanner planner,
      PlanExecutor executor,
      StatusReport report,
      RequeueDelay requeue,
      ProblemReport problems,
      ClusterTeardown teardown,
      ClusterMemory memory,
      Clock clock) {
    this.admission = admission;
    this.observer = observer;
    this.limits = limits;
    this.planner = planner;
    this.executor = executor;
    this.report = report;
    this.requeue = requeue;
    this.problems = problems;
    this.teardown = teardown;
    this.memory = memory;
    this.clock = clock;
  }

  /** One pass toward the spec; never waits for workers, it asks to be called again instead. */
  public ReconcileResult reconcile(AwsCluster cluster) {
    memory.remember(cluster);
    Instant now = clock.instant();
    AwsClusterStatus previous = report.current(cluster);
    try {
      Admission admitted = admission.admit(cluster, previous, now);
      if (admitted instanceof Admission.Refused refused) {
        return problems.refused(cluster, previous, refused, now);
      }
      return converge(((Admission.Admitted) admitted).pass());
    } catch (BackendException e) {
      return problems.backendFailed(cluster, e, now);
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
    return teardown.releaseGone(exists);
  }

  /** Stops every worker; done once the backend confirms that none is left. */
  public ReconcileResult cleanup(AwsCluster cluster) {
    return cleanup(cluster, "the AwsCluster was deleted");
  }

  /** Stops every worker, saying {@code why}; done once the backend confirms none is left. */
  public ReconcileResult cleanup(AwsCluster cluster, String why) {
    return teardown.cleanup(cluster, why);
  }

  private ReconcileResult converge(ReconcilePass pass) throws BackendException {
    Observation seen = observer.observe(pass);
    Plan plan = plan(pass, seen);
    Execution done = executor.execute(pass, plan, seen);
    List<WorkerView> after = AfterActions.apply(plan, done.launched(), pass.desired(), pass.now());
    int ready = WorkerView.readyIn(after);
    Optional<Duration> held = observer.statusHold(pass, plan, ready);
    if (held.isPresent()) {
      // At most one status write a second (a storm, a scale-up): the pass asked for records it.
      return ReconcileResult.after(held.get());
    }
    report.after(pass, after, plan, done);
    observer.statusRecorded(pass, ready);
    Duration delay = requeue.after(plan, after, pass.now());
    requeue.quietReuse(plan, after, delay).ifPresent(age -> observer.quietWakeup(pass, age));
    return ReconcileResult.after(delay);
  }

  /** The pure planner's decision within the cluster's limits (lifetime, quota share). */
  private Plan plan(ReconcilePass pass, Observation seen) {
    PlanLimits bounds =
        limits.of(
            pass.cluster(),
            pass.desired(),
            pass.backend(),
            seen.workers(),
            seen.expected().unseen(),
            seen.openedAt(),
            pass.now());
    return planner.plan(
        pass.desired(),
        seen.workers(),
        seen.registrations(),
        FailureTally.from(pass.previous().getFailures()),
        pass.now(),
        seen.openedAt(),
        bounds.inFlight(seen.expected()));
  }

  public static ClusterKey keyOf(AwsCluster cluster) {
    return new ClusterKey(cluster.getMetadata().getNamespace(), cluster.getMetadata().getName());
  }
}
