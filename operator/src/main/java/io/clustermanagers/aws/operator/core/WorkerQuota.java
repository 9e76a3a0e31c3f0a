package io.clustermanagers.aws.operator.core;

import io.clustermanagers.aws.operator.backend.BackendCapacity;
import io.clustermanagers.aws.operator.backend.WorkerBackend;
import io.clustermanagers.aws.operator.model.ClusterKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns the operator's worker limits, its share of the operator-wide budget and the backend's room
 * into the ceilings a cluster's plan keeps to; each message names the limit and its flag.
 */
public final class WorkerQuota {
  private final WorkerLimits limits;
  private final WorkerBudget budget;

  public WorkerQuota(WorkerLimits limits, WorkerBudget budget) {
    this.limits = limits;
    this.budget = budget;
  }

  /** No limit a test would notice. */
  public static WorkerQuota unlimited() {
    return new WorkerQuota(
        new WorkerLimits(Integer.MAX_VALUE, Integer.MAX_VALUE),
        new WorkerBudget(Integer.MAX_VALUE));
  }

  /**
   * Claims this cluster's share for {@code target} workers, of which it has {@code keeping}, and
   * returns the ceilings for its plan.
   */
  public List<WorkerCap> caps(
      ClusterKey key, int target, int keeping, Optional<WorkerBackend> backend) {
    List<WorkerCap> caps = new ArrayList<>();
    caps.add(
        WorkerCap.workers(
            limits.perCluster(),
            "the cluster asks for "
                + target
                + " workers, but this operator runs at most "
                + limits.perCluster()
                + " per cluster (--max-workers-per-cluster, ACM_MAX_WORKERS_PER_CLUSTER)"));
    int granted = budget.claim(key, Math.min(target, limits.perCluster()), keeping);
    caps.add(
        WorkerCap.workers(
            granted,
            "the cluster asks for "
                + target
                + " workers, but this operator runs at most "
                + budget.total()
                + " across all clusters (--max-workers, ACM_MAX_WORKERS) and the other clusters"
                + " hold "
                + budget.heldByOthers(key)));
    backend.flatMap(WorkerBackend::capacity).ifPresent(room -> caps.addAll(backendCaps(room)));
    return caps;
  }

  /** The cluster is gone: its share goes back to the others. */
  public void release(ClusterKey key) {
    budget.release(key);
  }

  private static List<WorkerCap> backendCaps(BackendCapacity room) {
    return List.of(WorkerCap.launches(room.free(), room.limit()), WorkerCap.pace(room.perLaunch()));
  }
}
