package io.clustermanagers.aws.e2e;

import io.clustermanagers.aws.api.v1alpha1.AwsClusterSpec;

/**
 * One change a chaos scenario makes to its cluster: a replica count, suspended or not, or the
 * cluster's end (delete in operator mode, SIGTERM of a standalone run).
 */
record ChaosStep(String name, int replicas, boolean suspend, boolean end) {
  static ChaosStep scale(String name, int replicas) {
    return new ChaosStep(name, replicas, false, false);
  }

  static ChaosStep suspend(int replicas) {
    return new ChaosStep("suspend", replicas, true, false);
  }

  static ChaosStep end(String name) {
    return new ChaosStep(name, 0, false, true);
  }

  /** The workers that should run once the step has converged, under a per-cluster limit. */
  int expected(int limit) {
    return end || suspend ? 0 : Math.min(replicas, limit);
  }

  void applyTo(AwsClusterSpec spec) {
    spec.setReplicas(replicas);
    spec.setSuspend(suspend ? Boolean.TRUE : null);
  }
}
