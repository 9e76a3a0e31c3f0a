package io.clustermanagers.aws.operator.coordinator;

import io.clustermanagers.aws.operator.model.ClusterKey;

/**
 * Told when the workers of a cluster change. {@link #workersChanged} follows what the workers did
 * themselves: after a worker registered (for the first time or again) and after it deregistered.
 * Heartbeats do not notify. The operator's own removals ({@link #workerForgotten}) and closing a
 * cluster ({@link #clusterClosed}) have their own methods, which do nothing by default, so that a
 * listener that reconciles is not woken by the reconciler's own doing. Runs on the thread that
 * changed the registry (an HTTP or a reconcile thread), so it must be short and must not block.
 */
@FunctionalInterface
public interface RegistryListener {
  void workersChanged(ClusterKey key);

  /** After the operator removed a registered worker ({@link WorkerRegistry#forget}). */
  default void workerForgotten(ClusterKey key, String workerId) {}

  /** After {@link WorkerRegistry#closeCluster}: the cluster's token and workers are gone. */
  default void clusterClosed(ClusterKey key) {}
}
