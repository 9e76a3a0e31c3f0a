package io.clustermanagers.aws.operator.controller;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterStatus;
import io.clustermanagers.aws.operator.status.StatusConflict;
import io.clustermanagers.aws.operator.status.StatusSink;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;

/**
 * Writes status to the status subresource with one PUT, conditional on the resourceVersion the
 * status was computed from; a 409 comes back as {@link StatusConflict} with the resource as it is
 * now.
 */
public final class KubernetesStatusSink implements StatusSink {
  private final KubernetesClient client;

  public KubernetesStatusSink(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public String write(AwsCluster cluster, String baseVersion, AwsClusterStatus status) {
    AwsCluster update = new AwsCluster();
    update.setMetadata(
        new ObjectMetaBuilder()
            .withName(cluster.getMetadata().getName())
            .withNamespace(cluster.getMetadata().getNamespace())
            .withUid(cluster.getMetadata().getUid())
            .withResourceVersion(baseVersion)
            .build());
    update.setSpec(cluster.getSpec());
    update.setStatus(status);
    try {
      return client.resource(update).updateStatus().getMetadata().getResourceVersion();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      AwsCluster latest =
          client
              .resources(AwsCluster.class)
              .inNamespace(cluster.getMetadata().getNamespace())
              .withName(cluster.getMetadata().getName())
              .get();
      throw new StatusConflict(
          "status of "
              + cluster.getMetadata().getNamespace()
              + "/"
              + cluster.getMetadata().getName()
              + " changed since resourceVersion "
              + baseVersion,
          latest);
    }
  }
}
