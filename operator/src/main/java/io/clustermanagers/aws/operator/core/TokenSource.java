package io.clustermanagers.aws.operator.core;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;

/**
 * Each cluster's coordinator token: a Kubernetes Secret owned by the AwsCluster in operator mode, a
 * random in-memory one in standalone mode.
 */
public interface TokenSource {
  /** The cluster's token, created on first use. */
  String tokenFor(AwsCluster cluster);

  /** The name of the Secret that holds it, if there is one. */
  default String secretName(AwsCluster cluster) {
    return null;
  }

  /** Drops a deleted cluster's token from any cache. */
  default void forget(AwsCluster cluster) {}
}
