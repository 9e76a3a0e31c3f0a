package io.clustermanagers.aws.operator.standalone;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.operator.core.TokenSource;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Standalone mode: a fresh random token per cluster for the life of the run. */
final class RandomTokenSource implements TokenSource {
  private final SecureRandom random = new SecureRandom();
  private final Map<String, String> byUid = new ConcurrentHashMap<>();

  @Override
  public String tokenFor(AwsCluster cluster) {
    return byUid.computeIfAbsent(cluster.getMetadata().getUid(), uid -> newToken());
  }

  private String newToken() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
