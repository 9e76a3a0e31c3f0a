package io.clustermanagers.aws.operator.core;

import io.clustermanagers.aws.operator.model.ClusterKey;

/** Asks for a reconcile of one cluster now (a worker registered, left, or its process ended). */
@FunctionalInterface
public interface ReconcileTrigger {
  void reconcileNow(ClusterKey key);
}
