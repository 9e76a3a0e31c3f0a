package io.clustermanagers.aws.operator.core;

import io.clustermanagers.aws.api.v1alpha1.CoordinatorStatus;
import io.clustermanagers.aws.api.v1alpha1.LaunchIntent;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything a status is computed from, after this reconcile's actions.
 *
 * @param problem a reason and message that keep the cluster from working (invalid spec, a backend
 *     error), if any
 * @param limit the limit that keeps the cluster below its spec, if any
 * @param lifetimeOver set once {@code spec.maxLifetime} is over: what to tell
 * @param launchesInFlight launches the backend does not show yet ({@link LaunchExpectations})
 * @param handledWorkersToDelete ids of {@code spec.scaleDown.workersToDelete} already handled
 */
public record ClusterFacts(
    long generation,
    String name,
    Optional<DesiredCluster> desired,
    List<WorkerView> workers,
    FailureTally failures,
    Optional<Instant> launchBlockedUntil,
    long nextLaunchSequence,
    CoordinatorStatus coordinator,
    Optional<Problem> problem,
    boolean deleting,
    Optional<WorkerLimit> limit,
    Optional<String> lifetimeOver,
    List<LaunchIntent> launchesInFlight,
    List<String> handledWorkersToDelete) {

  /** Facts with no launch in flight and no handled workersToDelete id. */
  public ClusterFacts(
      long generation,
      String name,
      Optional<DesiredCluster> desired,
      List<WorkerView> workers,
      FailureTally failures,
      Optional<Instant> launchBlockedUntil,
      long nextLaunchSequence,
      CoordinatorStatus coordinator,
      Optional<Problem> problem,
      boolean deleting,
      Optional<WorkerLimit> limit,
      Optional<String> lifetimeOver) {
    this(
        generation,
        name,
        desired,
        workers,
        failures,
        launchBlockedUntil,
        nextLaunchSequence,
        coordinator,
        problem,
        deleting,
        limit,
        lifetimeOver,
        List.of(),
        List.of());
  }

  /** Why the cluster cannot do its work; {@code permanent} problems wait for a spec change. */
  public record Problem(String reason, String message, boolean permanent) {}
}
