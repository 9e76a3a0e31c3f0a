package io.clustermanagers.aws.operator.core;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;

/** Where the story of a cluster is told: Kubernetes Events, or the standalone terminal. */
@FunctionalInterface
public interface EventSink {
  void emit(AwsCluster cluster, PlanNote note);
}
