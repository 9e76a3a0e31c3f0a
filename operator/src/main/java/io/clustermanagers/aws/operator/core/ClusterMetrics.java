package io.clustermanagers.aws.operator.core;

import io.clustermanagers.aws.api.v1alpha1.AwsClusterStatus;
import io.clustermanagers.aws.operator.model.ClusterKey;
import java.time.Instant;
import java.util.List;

/** What the core tells the metrics about each cluster. Labels stay bounded: never a worker id. */
public interface ClusterMetrics {
  /** The picture after a reconcile: worker states, readiness, registration and heartbeats. */
  void observed(
      ClusterKey key,
      String backend,
      List<WorkerView> workers,
      int desired,
      AwsClusterStatus status,
      Instant now);

  void launched(ClusterKey key, String backend, int count);

  void stopped(ClusterKey key, String reason, int count);

  void failed(ClusterKey key, int count);

  /** Workers that ended because their capacity was taken back (not failures). */
  void interrupted(ClusterKey key, int count);

  void reconcileError(ClusterKey key, String reason);

  /** The cluster is gone: drop its series. */
  void forget(ClusterKey key);
}
