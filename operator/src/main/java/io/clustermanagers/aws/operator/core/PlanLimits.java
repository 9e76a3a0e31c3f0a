package io.clustermanagers.aws.operator.core;

import java.time.Instant;
import java.util.List;

/**
 * What bounds a plan beyond the spec: the cluster's lifetime and the ceilings on launches (the
 * operator's worker limits, the backend's room).
 */
public record PlanLimits(ClusterLifetime lifetime, List<WorkerCap> caps) {
  public PlanLimits {
    caps = List.copyOf(caps);
  }

  /** No ceiling and no lifetime: as before limits existed. */
  public static PlanLimits none(Instant start) {
    return new PlanLimits(ClusterLifetime.unlimited(start), List.of());
  }
}
