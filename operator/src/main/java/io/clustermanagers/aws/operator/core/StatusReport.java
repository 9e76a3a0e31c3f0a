package io.clustermanagers.aws.operator.core;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterStatus;
import io.clustermanagers.aws.api.v1alpha1.CoordinatorStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Turns what a reconcile learned into a status and hands it to the one status writer. */
final class StatusReport {
  private final CoreParts parts;

  StatusReport(CoreParts parts) {
    this.parts = parts;
  }

  /** The status after observing and acting (or, before a launch, the intent to launch). */
  AwsClusterStatus progress(
      AwsCluster cluster,
      DesiredCluster desired,
      List<WorkerView> workers,
      Plan plan,
      long nextSequence,
      LaunchExpectations inFlight,
      List<String> handledWorkersToDelete,
      AwsClusterStatus previous,
      Instant now) {
    ClusterFacts facts =
        new ClusterFacts(
            generation(cluster),
            cluster.getMetadata().getName(),
            Optional.of(desired),
            workers,
            plan.failures(),
            plan.launchBlockedUntil(),
            nextSequence,
            coordinatorStatus(cluster),
            Optional.empty(),
            false,
            plan.limit(),
            plan.lifetimeOver(),
            inFlight.toStatus(),
            handledWorkersToDelete);
    AwsClusterStatus before = parts.recorder().current(cluster);
    AwsClusterStatus status = parts.calculator().compute(facts, previous, now);
    parts.recorder().record(cluster, status);
    LimitEvents.newlyReported(before, status).forEach(note -> parts.events().emit(cluster, note));
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
            coordinatorStatus(cluster),
            Optional.of(problem),
            false,
            Optional.empty(),
            Optional.empty(),
            orEmpty(previous.getLaunchesInFlight()),
            orEmpty(previous.getHandledWorkersToDelete()));
    AwsClusterStatus computed = parts.calculator().compute(facts, previous, now);
    parts.recorder().record(cluster, StatusCounts.keepFrom(previous, computed));
  }

  private CoordinatorStatus coordinatorStatus(AwsCluster cluster) {
    return new CoordinatorStatus(
        parts.coordinatorUrl(),
        parts.tokens().secretName(cluster),
        parts.workersService().nameFor(cluster).orElse(null));
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static long generation(AwsCluster cluster) {
    Long generation = cluster.getMetadata().getGeneration();
    return generation == null ? 0 : generation;
  }
}
