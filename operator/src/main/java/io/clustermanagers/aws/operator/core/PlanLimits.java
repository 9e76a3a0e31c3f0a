package io.clustermanagers.aws.operator.core;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What bounds a plan beyond the spec: the cluster's lifetime, the ceilings on launches (the
 * operator's worker limits, the backend's room) and the launches still in flight.
 *
 * @param launchesInFlight workers launched that the backend does not show yet: they count as
 *     pending, so they are not launched again
 * @param inFlightUntil when the oldest of them is given up on (and replaced), if any
 */
public record PlanLimits(
    ClusterLifetime lifetime,
    List<WorkerCap> caps,
    int launchesInFlight,
    Optional<Instant> inFlightUntil) {
  public PlanLimits {
    caps = List.copyOf(caps);
  }

  /** Nothing in flight. */
  public PlanLimits(ClusterLifetime lifetime, List<WorkerCap> caps) {
    this(lifetime, caps, 0, Optional.empty());
  }

  /** No ceiling and no lifetime: as before limits existed. */
  public static PlanLimits none(Instant start) {
    return new PlanLimits(ClusterLifetime.unlimited(start), List.of());
  }

  /** These limits with launches in flight. */
  PlanLimits inFlight(LaunchExpectations expected) {
    return new PlanLimits(lifetime, caps, expected.unseen(), expected.nextExpiry());
  }
}
