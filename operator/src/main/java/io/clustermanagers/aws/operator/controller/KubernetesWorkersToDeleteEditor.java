package io.clustermanagers.aws.operator.controller;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.operator.core.WorkersToDeleteEditor;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Set;

/** Patches the spec's workersToDelete list (a JSON patch computed against the latest object). */
public final class KubernetesWorkersToDeleteEditor implements WorkersToDeleteEditor {
  private final KubernetesClient client;

  public KubernetesWorkersToDeleteEditor(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public void remove(AwsCluster cluster, Set<String> done) {
    client
        .resources(AwsCluster.class)
        .inNamespace(cluster.getMetadata().getNamespace())
        .withName(cluster.getMetadata().getName())
        .edit(
            latest -> {
              if (latest.getSpec().getScaleDown() != null) {
                latest.getSpec().getScaleDown().getWorkersToDelete().removeAll(done);
              }
              return latest;
            });
  }
}
