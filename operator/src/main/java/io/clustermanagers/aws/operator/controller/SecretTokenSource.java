package io.clustermanagers.aws.operator.controller;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.operator.core.StatusCalculator;
import io.clustermanagers.aws.operator.core.TokenSource;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each cluster's token lives in a Secret owned by the AwsCluster, so it goes away with it and
 * survives operator restarts (workers keep the token they were started with).
 */
public final class SecretTokenSource implements TokenSource {
  private static final String KEY = "token";
  private final KubernetesClient client;
  private final Map<String, String> byUid = new ConcurrentHashMap<>();

  public SecretTokenSource(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public String tokenFor(AwsCluster cluster) {
    return byUid.computeIfAbsent(cluster.getMetadata().getUid(), uid -> readOrCreate(cluster));
  }

  @Override
  public String secretName(AwsCluster cluster) {
    return cluster.getMetadata().getName() + "-coordinator-token";
  }

  @Override
  public void forget(AwsCluster cluster) {
    byUid.remove(cluster.getMetadata().getUid());
  }

  private String readOrCreate(AwsCluster cluster) {
    var secrets = client.secrets().inNamespace(cluster.getMetadata().getNamespace());
    Secret existing = secrets.withName(secretName(cluster)).get();
    if (existing != null
        && ownedBy(existing, cluster)
        && existing.getData() != null
        && existing.getData().containsKey(KEY)) {
      return new String(
          Base64.getDecoder().decode(existing.getData().get(KEY)), StandardCharsets.UTF_8);
    }
    String token = TokenSource.newRandomToken();
    Secret secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName(secretName(cluster))
            .withNamespace(cluster.getMetadata().getNamespace())
            .addToLabels(StatusCalculator.CLUSTER_LABEL, cluster.getMetadata().getName())
            .addToOwnerReferences(
                new OwnerReferenceBuilder()
                    .withApiVersion(cluster.getApiVersion())
                    .withKind(cluster.getKind())
                    .withName(cluster.getMetadata().getName())
                    .withUid(cluster.getMetadata().getUid())
                    .withController(true)
                    .build())
            .endMetadata()
            .withType("Opaque")
            .addToData(
                KEY, Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)))
            .build();
    if (existing != null) {
      // Never overwrite a Secret this cluster does not own (it may be the user's, or the token
      // of a deleted namesake that garbage collection has not removed yet): retried later.
      throw new TokenSource.Unavailable(
          "Secret "
              + cluster.getMetadata().getNamespace()
              + "/"
              + secretName(cluster)
              + " exists but is not this AwsCluster's coordinator token; delete or rename it");
    }
    secrets.resource(secret).create();
    return token;
  }

  private static boolean ownedBy(Secret secret, AwsCluster cluster) {
    return secret.getMetadata().getOwnerReferences().stream()
        .anyMatch(o -> cluster.getMetadata().getUid().equals(o.getUid()));
  }
}
