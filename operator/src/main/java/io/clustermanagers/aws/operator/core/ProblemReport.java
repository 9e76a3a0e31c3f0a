package io.clustermanagers.aws.operator.core;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterStatus;
import io.clustermanagers.aws.operator.backend.BackendException;
import java.time.Instant;

/**
 * Tells why a cluster is not brought toward its spec: a warning Event, the reconcile-error metric,
 * a condition in the status (counts as last seen); and when to try again.
 */
public final class ProblemReport {
  private final StatusReport report;
  private final EventSink events;
  private final ClusterMetrics metrics;
  private final ReconcileTiming timing;

  public ProblemReport(
      StatusReport report, EventSink events, ClusterMetrics metrics, ReconcileTiming timing) {
    this.report = report;
    this.events = events;
    this.metrics = metrics;
    this.timing = timing;
  }

  /** The status a problem is told against: as last recorded. */
  AwsClusterStatus current(AwsCluster cluster) {
    return report.current(cluster);
  }

  /** A refused cluster waits for a change of its spec (or of the operator's backends). */
  ReconcileResult refused(
      AwsCluster cluster, AwsClusterStatus previous, Admission.Refused refused, Instant now) {
    events.emit(cluster, new PlanNote(true, refused.reason(), refused.message()));
    if (refused.countsAsError()) {
      metrics.reconcileError(ClusterReconciler.keyOf(cluster), refused.reason());
    }
    report.problem(cluster, previous, permanent(refused), now);
    return ReconcileResult.waitForChange();
  }

  /**
   * A backend call failed: a transient failure is thrown on as {@link TransientBackendFailure} (the
   * caller retries with backoff), a permanent one is retried after a long pause.
   */
  ReconcileResult backendFailed(AwsCluster cluster, BackendException e, Instant now) {
    ClusterFacts.Problem problem =
        new ClusterFacts.Problem(e.reason(), e.getMessage(), e.isPermanent());
    events.emit(cluster, new PlanNote(true, e.reason(), e.getMessage()));
    metrics.reconcileError(ClusterReconciler.keyOf(cluster), e.reason());
    // Against what this pass may already have recorded (the launch intent), not the status before
    // it: the launch sequence and failure counts must never go back.
    report.problem(cluster, report.current(cluster), problem, now);
    if (!e.isPermanent()) {
      throw new TransientBackendFailure(e);
    }
    return ReconcileResult.after(timing.afterPermanentError());
  }

  private static ClusterFacts.Problem permanent(Admission.Refused refused) {
    return new ClusterFacts.Problem(refused.reason(), refused.message(), true);
  }
}
