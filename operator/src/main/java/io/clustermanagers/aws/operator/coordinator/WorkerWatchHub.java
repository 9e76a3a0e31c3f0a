package io.clustermanagers.aws.operator.coordinator;

import io.clustermanagers.aws.operator.model.ClusterKey;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Turns the registry's notifications into join and leave events for the watchers of each cluster.
 * Costs nothing for a cluster nobody watches. A listener of the registry, never a part of it: the
 * registry stays free of HTTP and of watchers; {@link WatchStream} is the HTTP side.
 */
final class WorkerWatchHub implements RegistryListener {
  private final WorkerRegistry registry;
  private final WatchSettings settings;
  private final ConcurrentMap<ClusterKey, ClusterWatchers> clusters = new ConcurrentHashMap<>();
  private volatile String closedMessage;

  WorkerWatchHub(WorkerRegistry registry, WatchSettings settings) {
    this.registry = registry;
    this.settings = settings;
  }

  WatchSettings settings() {
    return settings;
  }

  /**
   * A watcher of {@code key} starting with its current workers, or empty when the cluster already
   * has {@link WatchSettings#maxPerCluster} watchers. A cluster that is not open (or a hub that is
   * closed) gives a watcher that only receives CLOSED.
   */
  Optional<WorkerWatch> subscribe(ClusterKey key) {
    AtomicReference<Optional<WorkerWatch>> result = new AtomicReference<>();
    // compute() keeps this atomic with clusterClosed() removing the entry.
    clusters.compute(
        key,
        (k, existing) -> {
          ClusterWatchers watchers = existing == null ? new ClusterWatchers(settings) : existing;
          result.set(watchers.add(() -> currentWorkers(k), notOpenMessage(k)));
          return watchers;
        });
    return result.get();
  }

  /** How many watchers {@code key} has now. */
  int watchers(ClusterKey key) {
    ClusterWatchers watchers = clusters.get(key);
    return watchers == null ? 0 : watchers.size();
  }

  @Override
  public void workersChanged(ClusterKey key) {
    refresh(key);
  }

  @Override
  public void workerForgotten(ClusterKey key, String workerId) {
    refresh(key);
  }

  @Override
  public void clusterClosed(ClusterKey key) {
    endAll(key, "cluster " + key + " was closed");
  }

  /** Ends every watcher with {@code message}; later subscriptions only receive it. */
  void close(String message) {
    closedMessage = message;
    clusters.keySet().forEach(key -> endAll(key, message));
  }

  private void refresh(ClusterKey key) {
    ClusterWatchers watchers = clusters.get(key);
    if (watchers != null) {
      watchers.refresh(() -> registry.workers(key));
    }
  }

  private void endAll(ClusterKey key, String message) {
    clusters.computeIfPresent(
        key,
        (k, watchers) -> {
          watchers.endAll(message);
          return null;
        });
  }

  private Optional<List<RegisteredWorker>> currentWorkers(ClusterKey key) {
    if (closedMessage != null || registry.openedAt(key).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(registry.workers(key));
  }

  private String notOpenMessage(ClusterKey key) {
    String closed = closedMessage;
    return closed != null ? closed : "cluster " + key + " is not open";
  }
}
