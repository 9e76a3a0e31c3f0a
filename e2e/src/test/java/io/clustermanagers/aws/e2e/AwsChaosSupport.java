package io.clustermanagers.aws.e2e;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;

/** What the AWS chaos worlds share: the operator's faulted environment and the token secrets. */
final class AwsChaosSupport {
  /** The Secrets Manager name prefix of the operator's token secrets. */
  private static final String SECRET_PREFIX = "aws-cluster-operator/";

  private AwsChaosSupport() {}

  /** Every AWS call of the operator goes to {@code faulted}. */
  static Map<String, String> environment(String backend, URI faulted) {
    Map<String, String> env = new HashMap<>();
    env.put("ACM_BACKENDS", backend);
    env.put("AWS_ENDPOINT_URL", faulted.toString());
    env.put("AWS_REGION", MotoServer.REGION);
    env.put("AWS_ACCESS_KEY_ID", "testing");
    env.put("AWS_SECRET_ACCESS_KEY", "testing");
    return env;
  }

  static SecretsManagerClient secrets(URI moto) {
    return SecretsManagerClient.builder()
        .endpointOverride(moto)
        .region(Region.of(MotoServer.REGION))
        .credentialsProvider(MotoServer.CREDENTIALS)
        .build();
  }

  /** Token secrets of cluster {@code namespace/name} (any UID) still in Secrets Manager. */
  static List<String> tokenSecrets(SecretsManagerClient secrets, String cluster) {
    List<String> left = new ArrayList<>();
    for (var page : secrets.listSecretsPaginator(b -> b.maxResults(100))) {
      for (SecretListEntry s : page.secretList()) {
        if (s.name().startsWith(SECRET_PREFIX + cluster + "/") && s.deletedDate() == null) {
          left.add(s.name());
        }
      }
    }
    return left;
  }

  static ChaosWorld.FaultCount faults(FaultProxy proxy) {
    return new ChaosWorld.FaultCount(proxy.total(), proxy.injected());
  }
}
