package io.clustermanagers.aws.operator.backend.aws;

import io.clustermanagers.aws.operator.backend.BackendException;
import io.clustermanagers.aws.operator.backend.WorkerGroup;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/**
 * One Secrets Manager secret per cluster, {@code aws-cluster-operator/<namespace>/<name>/<uid>},
 * holding its token and tagged with the cluster; the agent gets the ARN. Writes are idempotent (the
 * request token is a hash of the value, so repeating a write makes no new version) and remembered,
 * so a launch costs no call once the secret is known to hold the current token. Released (deleted
 * without a recovery window) once the cluster's workers have all ended.
 */
final class SecretsManagerTokenDelivery implements TokenDelivery {
  static final String PREFIX = "aws-cluster-operator/";
  static final String ARN_VARIABLE = "ACM_TOKEN_SECRET_ARN";
  private static final Logger LOG = LoggerFactory.getLogger(SecretsManagerTokenDelivery.class);

  private record Written(String arn, String valueHash) {}

  private final AwsClientFactory clients;
  private final Map<String, Written> written = new ConcurrentHashMap<>();

  SecretsManagerTokenDelivery(AwsClientFactory clients) {
    this.clients = clients;
  }

  static String secretName(WorkerGroup group) {
    return PREFIX + group.key().namespace() + "/" + group.key().name() + "/" + group.uid();
  }

  @Override
  public Map<String, String> agentEnvironment(WorkerGroup group, Optional<String> region)
      throws BackendException {
    // 64 hex digits: Secrets Manager's request tokens are 32 to 64 characters long.
    String hash = Sha256.hex(group.coordinator().token());
    Written known = written.get(group.uid());
    if (known == null || !known.valueHash().equals(hash)) {
      known = new Written(write(group, region, hash), hash);
      written.put(group.uid(), known);
    }
    return Map.of(ARN_VARIABLE, known.arn());
  }

  @Override
  public boolean needsWorkerRole() {
    return true;
  }

  @Override
  public void release(WorkerGroup group, Optional<String> region) throws BackendException {
    String name = secretName(group);
    try {
      clients
          .secretsManager(region)
          .deleteSecret(b -> b.secretId(name).forceDeleteWithoutRecovery(true));
      LOG.info("deleted the token secret {} of {}", name, group.key());
    } catch (ResourceNotFoundException alreadyGone) {
      // deleted before, or never written (no worker was launched)
    } catch (SdkException e) {
      throw AwsFailures.classify("DeleteSecret " + name, e);
    }
    written.remove(group.uid());
  }

  private String write(WorkerGroup group, Optional<String> region, String hash)
      throws BackendException {
    String name = secretName(group);
    String token = group.coordinator().token();
    SecretsManagerClient secrets = clients.secretsManager(region);
    try {
      return secrets
          .createSecret(
              b ->
                  b.name(name)
                      .description("Coordinator token of AwsCluster " + group.key())
                      .secretString(token)
                      .clientRequestToken(hash)
                      .tags(
                          tag("aws.clustermanagers.io/cluster", group.key().toString()),
                          tag("aws.clustermanagers.io/cluster-uid", group.uid())))
          .arn();
    } catch (ResourceExistsException exists) {
      try {
        return secrets
            .putSecretValue(b -> b.secretId(name).secretString(token).clientRequestToken(hash))
            .arn();
      } catch (SdkException e) {
        throw AwsFailures.classify("PutSecretValue " + name, e);
      }
    } catch (SdkException e) {
      throw AwsFailures.classify("CreateSecret " + name, e);
    }
  }

  private static Tag tag(String key, String value) {
    return Tag.builder().key(key).value(value).build();
  }
}
