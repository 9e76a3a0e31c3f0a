package io.clustermanagers.aws.operator.core;

import io.clustermanagers.aws.operator.model.ClusterKey;
import java.util.HashMap;
import java.util.Map;

/**
 * The operator-wide number of workers, shared out among clusters: each reconcile claims what its
 * cluster wants and gets what is left by the others. A claim never takes away workers a cluster
 * already has (limits hold back launches, they never stop anyone). Thread-safe: clusters reconcile
 * in parallel. A cluster's share is released when the cluster goes.
 */
public final class WorkerBudget {
  private final int total;
  private final Map<ClusterKey, Integer> held = new HashMap<>();

  public WorkerBudget(int total) {
    this.total = total;
  }

  public int total() {
    return total;
  }

  /**
   * Claims up to {@code wanted} workers for {@code key}, which has {@code keeping} now; returns
   * what it may have: {@code min(wanted, max(keeping, total - what the others hold))}.
   */
  public synchronized int claim(ClusterKey key, int wanted, int keeping) {
    int others = heldByOthers(key);
    int granted = Math.min(wanted, Math.max(keeping, Math.max(0, total - others)));
    held.put(key, granted);
    return granted;
  }

  /** What the other clusters hold. */
  public synchronized int heldByOthers(ClusterKey key) {
    return held.entrySet().stream()
        .filter(e -> !e.getKey().equals(key))
        .mapToInt(Map.Entry::getValue)
        .sum();
  }

  public synchronized void release(ClusterKey key) {
    held.remove(key);
  }

  /** How many clusters hold a share (released ones do not). */
  public synchronized int clusters() {
    return held.size();
  }
}
