package io.clustermanagers.aws.operator.core;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterSpec;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;

/** The AwsCluster the core's tests reconcile: research/sim, local, no registration deadline. */
final class TestClusters {
  static final String UID = "6f1d0f0e-0000-4000-8000-000000000003";

  private TestClusters() {}

  static AwsCluster local(int replicas) {
    AwsCluster cluster = new AwsCluster();
    cluster.setMetadata(
        new ObjectMetaBuilder()
            .withName("sim")
            .withNamespace("research")
            .withUid(UID)
            .withGeneration(1L)
            .build());
    AwsClusterSpec spec = new AwsClusterSpec();
    spec.setBackend("local");
    spec.setReplicas(replicas);
    spec.setRegistrationTimeout("1h"); // no registration deadline in these tests
    cluster.setSpec(spec);
    return cluster;
  }

  /** The last status written. */
  static AwsClusterStatus last(List<AwsClusterStatus> written) {
    return written.get(written.size() - 1);
  }
}
