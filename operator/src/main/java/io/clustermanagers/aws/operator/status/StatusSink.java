package io.clustermanagers.aws.operator.status;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterStatus;

/** Where status goes: the Kubernetes status subresource, or the standalone runner's view. */
@FunctionalInterface
public interface StatusSink {
  void write(AwsCluster cluster, AwsClusterStatus status);
}
