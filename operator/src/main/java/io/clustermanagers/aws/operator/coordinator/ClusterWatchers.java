package io.clustermanagers.aws.operator.coordinator;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The watchers of one cluster, at most {@link WatchSettings#maxPerCluster}. The registry snapshot
 * and the events derived from it are taken under this object's lock, so every watcher sees each
 * change once and in order, and a watcher that joins between two changes misses none.
 */
final class ClusterWatchers {
  private final WatchSettings settings;
  private final List<WorkerWatch> watches = new ArrayList<>();

  ClusterWatchers(WatchSettings settings) {
    this.settings = settings;
  }

  /**
   * A new watcher starting from the registry's workers, or empty when the cluster has its most
   * watchers.
   *
   * @param current the registry's workers, or empty when the cluster is not open
   */
  synchronized Optional<WorkerWatch> add(
      Supplier<Optional<List<RegisteredWorker>>> current, String notOpenMessage) {
    if (watches.size() >= settings.maxPerCluster()) {
      return Optional.empty();
    }
    Optional<List<RegisteredWorker>> workers = current.get();
    if (workers.isEmpty()) {
      return Optional.of(WorkerWatch.closedAtOnce(notOpenMessage));
    }
    WorkerWatch watch = new WorkerWatch(workers.get(), settings.queueCapacity(), this::remove);
    watches.add(watch);
    return Optional.of(watch);
  }

  /** Brings every watcher up to {@code current}. */
  synchronized void refresh(Supplier<List<RegisteredWorker>> current) {
    if (watches.isEmpty()) {
      return;
    }
    List<RegisteredWorker> workers = current.get();
    // A watcher that is cut off removes itself, so walk a copy.
    for (WorkerWatch watch : List.copyOf(watches)) {
      watch.catchUp(workers);
    }
  }

  /** Ends every watcher with {@code message}. */
  synchronized void endAll(String message) {
    for (WorkerWatch watch : List.copyOf(watches)) {
      watch.end(message);
    }
    watches.clear();
  }

  synchronized void remove(WorkerWatch watch) {
    watches.remove(watch);
  }

  synchronized int size() {
    return watches.size();
  }
}
