package io.clustermanagers.aws.operator.standalone;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.operator.core.TokenSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Standalone mode: a fresh random token per cluster for the life of the run. */
final class RandomTokenSource implements TokenSource {
  private final Map<String, String> byUid = new ConcurrentHashMap<>();

  @Override
  public String tokenFor(AwsCluster cluster) {
    return byUid.computeIfAbsent(
        cluster.getMetadata().getUid(), uid -> TokenSource.newRandomToken());
  }
}
