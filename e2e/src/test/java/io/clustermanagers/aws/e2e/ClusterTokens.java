package io.clustermanagers.aws.e2e;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The clusters' coordinator tokens as the agents get them, read from the clusters' Secrets: one
 * list of the namespace's Secrets when a token is missing, at most every two seconds.
 */
final class ClusterTokens {
  private static final long REFRESH_NANOS = 2_000_000_000L;
  private final KubernetesClient client;
  private final String namespace;
  private final Map<String, String> namesByUid;
  private final Map<String, String> tokensByName = new ConcurrentHashMap<>();
  private long listedAt = System.nanoTime() - REFRESH_NANOS;

  /** {@code namesByUid}: the clusters' names by UID without dashes. */
  ClusterTokens(KubernetesClient client, String namespace, Map<String, String> namesByUid) {
    this.client = client;
    this.namespace = namespace;
    this.namesByUid = Map.copyOf(namesByUid);
  }

  /** The cluster of that UID (no dashes), once its token Secret exists. */
  Optional<FleetAgents.Cluster> cluster(String uid) {
    String name = namesByUid.get(uid);
    if (name == null) {
      return Optional.empty();
    }
    String token = tokensByName.get(name);
    if (token == null) {
      refresh();
      token = tokensByName.get(name);
    }
    return Optional.ofNullable(token).map(t -> new FleetAgents.Cluster(namespace, name, t));
  }

  private synchronized void refresh() {
    if (System.nanoTime() - listedAt < REFRESH_NANOS) {
      return;
    }
    listedAt = System.nanoTime();
    for (Secret secret : client.secrets().inNamespace(namespace).list().getItems()) {
      String name = secret.getMetadata().getName();
      if (name.endsWith("-coordinator-token") && secret.getData() != null) {
        String encoded = secret.getData().get("token");
        if (encoded != null) {
          tokensByName.put(
              name.substring(0, name.length() - "-coordinator-token".length()),
              new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8));
        }
      }
    }
  }
}
