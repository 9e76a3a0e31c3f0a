package io.clustermanagers.aws.operator.status;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterStatus;

/** Where status goes: the Kubernetes status subresource, or the standalone runner's view. */
@FunctionalInterface
public interface StatusSink {
  /**
   * Writes {@code status} over the resource as it was at {@code baseVersion}.
   *
   * @param baseVersion the resourceVersion the write is conditional on (optimistic locking); null
   *     where there are no versions (standalone)
   * @return the resourceVersion after the write, or null where there are none
   * @throws StatusConflict when the resource changed since {@code baseVersion}
   */
  String write(AwsCluster cluster, String baseVersion, AwsClusterStatus status);
}
