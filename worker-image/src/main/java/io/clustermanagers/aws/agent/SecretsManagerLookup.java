package io.clustermanagers.aws.agent;

import java.time.Duration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/**
 * Reads a Secrets Manager secret by ARN with the SDK's default credentials (on Batch and ECS: the
 * job's or task's role) in the ARN's region; {@code AWS_ENDPOINT_URL} is honoured (emulators).
 * Error messages carry the AWS error code, never a secret value.
 */
final class SecretsManagerLookup {
  private SecretsManagerLookup() {}

  static String read(String arn) {
    try (SecretsManagerClient client =
        SecretsManagerClient.builder()
            .region(Region.of(regionOf(arn)))
            .httpClient(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(5))
                    .socketTimeout(Duration.ofSeconds(10))
                    .build())
            .build()) {
      String value = client.getSecretValue(b -> b.secretId(arn)).secretString();
      if (value == null) {
        throw new IllegalStateException("the secret holds no string");
      }
      return value;
    } catch (SecretsManagerException e) {
      throw new IllegalStateException(
          e.awsErrorDetails().errorCode()
              + (e.statusCode() == 400 || e.statusCode() == 403
                  ? " (the job's or task's role needs secretsmanager:GetSecretValue on it)"
                  : ""),
          e);
    } catch (SdkException e) {
      throw new IllegalStateException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  /** {@code arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME}. */
  static String regionOf(String arn) {
    String[] parts = arn.split(":", 6);
    if (parts.length < 6
        || !parts[0].equals("arn")
        || !parts[2].equals("secretsmanager")
        || parts[3].isEmpty()) {
      throw new IllegalArgumentException("not a Secrets Manager secret ARN");
    }
    return parts[3];
  }
}
