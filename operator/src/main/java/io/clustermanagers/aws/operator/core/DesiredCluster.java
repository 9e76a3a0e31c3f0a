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
 * @param gang set when the workers form one gang (spec.batch.multiNode)
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
    Optional<Duration> maxLifetime,
    Optional<GangPolicy> gang) {

  /** A cluster of independent workers. */
  public DesiredCluster(
      BackendType backend,
      int replicas,
      int minReady,
      Duration registrationTimeout,
      Duration heartbeatTimeout,
      boolean suspend,
      List<String> workersToDelete) {
    this(
        backend,
        replicas,
        minReady,
        registrationTimeout,
        heartbeatTimeout,
        suspend,
        workersToDelete,
        Duration.ofMinutes(15),
        Optional.empty(),
        Optional.empty());
  }

  /** This cluster with only {@code ids} still to stop first on scale-down. */
  public DesiredCluster withWorkersToDelete(List<String> ids) {
    return new DesiredCluster(
        backend,
        replicas,
        minReady,
        registrationTimeout,
        heartbeatTimeout,
        suspend,
        List.copyOf(ids),
        coordinatorLossTimeout,
        maxLifetime,
        gang);
  }

  /** Workers that should exist now. */
  public int targetReplicas() {
    return suspend ? 0 : replicas;
  }
}
