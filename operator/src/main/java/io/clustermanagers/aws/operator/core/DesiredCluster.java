package io.clustermanagers.aws.operator.core;

import io.clustermanagers.aws.api.v1alpha1.BackendType;
import java.time.Duration;
import java.util.List;

/** A validated spec, with defaults applied: what the planner works from. */
public record DesiredCluster(
    BackendType backend,
    int replicas,
    int minReady,
    Duration registrationTimeout,
    Duration heartbeatTimeout,
    boolean suspend,
    List<String> workersToDelete) {

  /** Workers that should exist now. */
  public int targetReplicas() {
    return suspend ? 0 : replicas;
  }
}
