package io.clustermanagers.aws.operator.core;

import io.clustermanagers.aws.api.v1alpha1.BackendType;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A validated spec, with defaults applied: what the planner works from.
 *
 * @param coordinatorLossTimeout how long a worker goes on without its coordinator (told to agents)
 * @param maxLifetime how long after its start the cluster may have workers; empty: no limit
 */
public record DesiredCluster(
    BackendType backend,
    int replicas,
    int minReady,
    Duration registrationTimeout,
    Duration heartbeatTimeout,
    boolean suspend,
    List<String> workersToDelete,
    Duration coordinatorLossTimeout,
    Optional<Duration> maxLifetime) {

  /** Workers that should exist now. */
  public int targetReplicas() {
    return suspend ? 0 : replicas;
  }
}
