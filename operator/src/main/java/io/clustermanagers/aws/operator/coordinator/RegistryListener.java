package io.clustermanagers.aws.operator.coordinator;

import io.clustermanagers.aws.operator.model.ClusterKey;

/**
 * Told when the set of workers of a cluster changed: after a worker registered (for the first time
 * or again) and after it deregistered. Heartbeats do not notify. Runs on the thread that changed
 * the registry (an HTTP thread), so it must be short and must not block.
 */
@FunctionalInterface
public interface RegistryListener {
  void workersChanged(ClusterKey key);
}
