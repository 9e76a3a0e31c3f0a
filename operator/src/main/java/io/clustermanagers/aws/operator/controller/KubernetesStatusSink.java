package io.clustermanagers.aws.operator.controller;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterStatus;
import io.clustermanagers.aws.operator.status.StatusSink;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Writes status to the status subresource. The operator is the only writer of status, so the write
 * is unconditional (no resourceVersion): a concurrent spec change cannot make it fail.
 */
public final class KubernetesStatusSink implements StatusSink {
  private final KubernetesClient client;

  public KubernetesStatusSink(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public void write(AwsCluster cluster, AwsClusterStatus status) {
    AwsCluster update = new AwsCluster();
    update.setMetadata(
        new ObjectMetaBuilder()
            .withName(cluster.getMetadata().getName())
            .withNamespace(cluster.getMetadata().getNamespace())
            .withUid(cluster.getMetadata().getUid())
            .build());
    update.setSpec(cluster.getSpec());
    update.setStatus(status);
    client.resource(update).updateStatus();
  }
}
