package io.clustermanagers.aws.operator.core;

import io.clustermanagers.aws.api.v1alpha1.AwsClusterStatus;

/**
 * When the cluster could not be observed (invalid spec, backend error), the counts and worker list
 * of the last observation stay: the conditions say why they are not fresh.
 */
final class StatusCounts {
  private StatusCounts() {}

  static AwsClusterStatus keepFrom(AwsClusterStatus previous, AwsClusterStatus computed) {
    computed.setReplicas(orZero(previous.getReplicas()));
    computed.setPendingReplicas(orZero(previous.getPendingReplicas()));
    computed.setRunningReplicas(orZero(previous.getRunningReplicas()));
    computed.setReadyReplicas(orZero(previous.getReadyReplicas()));
    computed.setLostReplicas(orZero(previous.getLostReplicas()));
    computed.setWorkers(previous.getWorkers());
    computed.setWorkersOmitted(previous.getWorkersOmitted());
    return computed;
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }
}
