package io.clustermanagers.aws.operator.core;

import io.clustermanagers.aws.api.v1alpha1.CoordinatorStatus;
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
    Optional<String> lifetimeOver) {

  /** Why the cluster cannot do its work; {@code permanent} problems wait for a spec change. */
  public record Problem(String reason, String message, boolean permanent) {}
}
