package io.clustermanagers.aws.operator.core;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.operator.backend.BackendWorker;
import io.clustermanagers.aws.operator.backend.WorkerBackend;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/** The limits of one reconcile's plan: the cluster's lifetime and its ceilings on launches. */
public final class ClusterLimits {
  private final WorkerQuota quota;

  public ClusterLimits(WorkerQuota quota) {
    this.quota = quota;
  }

  /**
   * Claims the cluster's share of the operator's workers (none once its lifetime is over) and
   * returns what bounds its plan.
   *
   * @param inFlight workers launched that the backend does not show yet (they hold a share too)
   * @param openedAt when this process opened the cluster: its start if it has no creation time
   */
  PlanLimits of(
      AwsCluster cluster,
      DesiredCluster desired,
      WorkerBackend backend,
      List<BackendWorker> observed,
      int inFlight,
      Instant openedAt,
      Instant now) {
    ClusterLifetime lifetime = new ClusterLifetime(start(cluster, openedAt), desired.maxLifetime());
    int keeping =
        (int) observed.stream().filter(w -> !w.isEnded() && !w.stopRequested()).count() + inFlight;
    return new PlanLimits(
        lifetime,
        quota.caps(
            ClusterReconciler.keyOf(cluster),
            lifetime.target(desired, now),
            keeping,
            Optional.of(backend)));
  }

  /** Its {@code metadata.creationTimestamp} (standalone mode sets it to the run's start). */
  private static Instant start(AwsCluster cluster, Instant fallback) {
    String created = cluster.getMetadata().getCreationTimestamp();
    if (created == null || created.isBlank()) {
      return fallback;
    }
    try {
      return Instant.parse(created);
    } catch (DateTimeParseException e) {
      return fallback;
    }
  }
}
