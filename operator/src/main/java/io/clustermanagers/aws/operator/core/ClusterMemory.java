package io.clustermanagers.aws.operator.core;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.operator.model.ClusterKey;
import io.clustermanagers.aws.operator.status.StatusRecorder;
import java.util.List;
import java.util.function.Predicate;

/**
 * What this process holds per cluster (the last observation, registry entry and token, status
 * cache, metric series, quota share) and for which clusters, so that all of it is released when a
 * cluster goes, also when it went without a cleanup.
 */
public final class ClusterMemory {
  private final KnownClusters known = new KnownClusters();
  private final ObservationReuse observations;
  private final ClusterAccess access;
  private final StatusRecorder recorder;
  private final ClusterMetrics metrics;
  private final WorkerQuota quota;

  public ClusterMemory(
      ObservationReuse observations,
      ClusterAccess access,
      StatusRecorder recorder,
      ClusterMetrics metrics,
      WorkerQuota quota) {
    this.observations = observations;
    this.access = access;
    this.recorder = recorder;
    this.metrics = metrics;
    this.quota = quota;
  }

  /** The cluster as this reconcile sees it. */
  void remember(AwsCluster cluster) {
    known.remember(cluster);
  }

  /** The cluster is being torn down: remembered, and observed afresh from now on. */
  void tearingDown(AwsCluster cluster) {
    known.remember(cluster);
    observations.invalidate(ClusterReconciler.keyOf(cluster));
  }

  /** The remembered clusters that no longer {@code exist}. */
  List<AwsCluster> gone(Predicate<ClusterKey> exists) {
    return known.gone(exists);
  }

  /** Forgets the cluster everywhere in this process. */
  void release(AwsCluster cluster) {
    ClusterKey key = ClusterReconciler.keyOf(cluster);
    known.forget(key);
    observations.invalidate(key);
    access.close(cluster);
    recorder.forget(cluster);
    metrics.forget(key);
    quota.release(key);
  }
}
