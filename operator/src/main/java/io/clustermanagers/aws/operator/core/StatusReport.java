package io.clustermanagers.aws.operator.core;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterStatus;
import io.clustermanagers.aws.operator.status.StatusRecorder;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The record step: turns what a reconcile learned into a status, hands it to the one status writer
 * and shows it in the metrics.
 */
public final class StatusReport {
  private final StatusCalculator calculator;
  private final StatusRecorder recorder;
  private final ClusterAccess access;
  private final EventSink events;
  private final ClusterMetrics metrics;

  public StatusReport(
      StatusCalculator calculator,
      StatusRecorder recorder,
      ClusterAccess access,
      EventSink events,
      ClusterMetrics metrics) {
    this.calculator = calculator;
    this.recorder = recorder;
    this.access = access;
    this.events = events;
    this.metrics = metrics;
  }

  /** The status as last recorded (or as the resource carries it). */
  AwsClusterStatus current(AwsCluster cluster) {
    return recorder.current(cluster);
  }

  /** The status after the pass acted ({@code after}), recorded and shown in the metrics. */
  void after(ReconcilePass pass, List<WorkerView> after, Plan plan, Execution done) {
    List<String> handled =
        WorkersToDeleteLedger.handled(
            pass.specified().workersToDelete(), pass.previous().getHandledWorkersToDelete(), after);
    AwsClusterStatus status =
        progress(pass, after, plan, done.nextSequence(), done.expected(), handled);
    metrics.observed(
        pass.group().key(),
        pass.desired().backend().specValue(),
        after,
        pass.desired().targetReplicas(),
        status,
        pass.now());
  }

  /** The status after observing and acting (or, before a launch, the intent to launch). */
  AwsClusterStatus progress(
      ReconcilePass pass,
      List<WorkerView> workers,
      Plan plan,
      long nextSequence,
      LaunchExpectations inFlight,
      List<String> handledWorkersToDelete) {
    AwsCluster cluster = pass.cluster();
    ClusterFacts facts =
        new ClusterFacts(
            generation(cluster),
            cluster.getMetadata().getName(),
            Optional.of(pass.desired()),
            workers,
            plan.failures(),
            plan.launchBlockedUntil(),
            nextSequence,
            access.coordinatorStatus(cluster),
            Optional.empty(),
            false,
            plan.limit(),
            plan.lifetimeOver(),
            inFlight.toStatus(),
            handledWorkersToDelete);
    AwsClusterStatus before = recorder.current(cluster);
    AwsClusterStatus status = calculator.compute(facts, pass.previous(), pass.now());
    recorder.record(cluster, status);
    LimitEvents.newlyReported(before, status).forEach(note -> events.emit(cluster, note));
    return status;
  }

  /**
   * The status when the cluster could not be observed: conditions say why, counts stay as last
   * seen.
   */
  void problem(
      AwsCluster cluster, AwsClusterStatus previous, ClusterFacts.Problem problem, Instant now) {
    ClusterFacts facts =
        new ClusterFacts(
            generation(cluster),
            cluster.getMetadata().getName(),
            Optional.empty(),
            List.of(),
            FailureTally.from(previous.getFailures()),
            Optional.empty(),
            previous.getNextLaunchSequence() == null ? 0 : previous.getNextLaunchSequence(),
            access.coordinatorStatus(cluster),
            Optional.of(problem),
            false,
            Optional.empty(),
            Optional.empty(),
            orEmpty(previous.getLaunchesInFlight()),
            orEmpty(previous.getHandledWorkersToDelete()));
    AwsClusterStatus computed = calculator.compute(facts, previous, now);
    recorder.record(cluster, StatusCounts.keepFrom(previous, computed));
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static long generation(AwsCluster cluster) {
    Long generation = cluster.getMetadata().getGeneration();
    return generation == null ? 0 : generation;
  }
}
