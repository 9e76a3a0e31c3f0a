package io.clustermanagers.aws.operator.core;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.operator.model.ClusterKey;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The clusters this process holds memory for (registry entry, status cache, token, metric series,
 * quota share, backend memory), each as last reconciled, so that the memory of one that went
 * without a cleanup (its finalizer removed by hand) can be found and released.
 */
final class KnownClusters {
  private final Map<ClusterKey, AwsCluster> byKey = new ConcurrentHashMap<>();

  void remember(AwsCluster cluster) {
    byKey.put(ClusterReconciler.keyOf(cluster), cluster);
  }

  void forget(ClusterKey key) {
    byKey.remove(key);
  }

  /** The known clusters that no longer exist. */
  List<AwsCluster> gone(Predicate<ClusterKey> exists) {
    return byKey.entrySet().stream()
        .filter(e -> !exists.test(e.getKey()))
        .map(Map.Entry::getValue)
        .toList();
  }
}
