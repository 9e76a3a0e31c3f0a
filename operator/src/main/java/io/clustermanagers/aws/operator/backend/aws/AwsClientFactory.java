package io.clustermanagers.aws.operator.backend.aws;

import io.clustermanagers.aws.operator.backend.BackendException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Builds each service's client once per region and shares one HTTP client among them. Standard
 * retries (throttling backoff included) apply to every call.
 */
public final class AwsClientFactory implements AutoCloseable {
  private final AwsSettings settings;
  private volatile Region defaultRegion;
  private final SdkHttpClient http =
      UrlConnectionHttpClient.builder()
          .connectionTimeout(Duration.ofSeconds(5))
          .socketTimeout(Duration.ofSeconds(30))
          .build();
  private final Map<Region, BatchClient> batch = new ConcurrentHashMap<>();
  private final Map<Region, EcsClient> ecs = new ConcurrentHashMap<>();
  private final Map<Region, SecretsManagerClient> secretsManager = new ConcurrentHashMap<>();

  public AwsClientFactory(AwsSettings settings) {
    this.settings = settings;
  }

  public BatchClient batch(Optional<String> region) throws BackendException {
    return batch.computeIfAbsent(resolve(region), r -> configure(BatchClient.builder(), r).build());
  }

  public EcsClient ecs(Optional<String> region) throws BackendException {
    return ecs.computeIfAbsent(resolve(region), r -> configure(EcsClient.builder(), r).build());
  }

  public SecretsManagerClient secretsManager(Optional<String> region) throws BackendException {
    return secretsManager.computeIfAbsent(
        resolve(region), r -> configure(SecretsManagerClient.builder(), r).build());
  }

  public AwsSettings settings() {
    return settings;
  }

  @Override
  public void close() {
    batch.values().forEach(BatchClient::close);
    ecs.values().forEach(EcsClient::close);
    secretsManager.values().forEach(SecretsManagerClient::close);
    http.close();
  }

  private <B extends AwsSyncClientBuilder<B, ?> & AwsClientBuilder<B, ?>> B configure(
      B builder, Region region) {
    ClientOverrideConfiguration.Builder override =
        ClientOverrideConfiguration.builder()
            .retryStrategy(AwsRetryStrategy.standardRetryStrategy());
    settings.interceptors().forEach(override::addExecutionInterceptor);
    builder
        .httpClient(http)
        .region(region)
        .credentialsProvider(
            settings.credentials().orElseGet(() -> DefaultCredentialsProvider.builder().build()))
        .overrideConfiguration(override.build());
    settings.endpoint().ifPresent(builder::endpointOverride);
    return builder;
  }

  private Region resolve(Optional<String> region) throws BackendException {
    Optional<String> named = region.filter(r -> !r.isBlank()).or(settings::defaultRegion);
    if (named.isPresent()) {
      return Region.of(named.get());
    }
    Region found = defaultRegion;
    if (found == null) {
      // Looked up once: the chain may read profile files and ask the instance metadata service.
      try {
        found = new DefaultAwsRegionProviderChain().getRegion();
      } catch (SdkClientException e) {
        throw BackendException.permanent(
            "NoRegion",
            "no AWS region: set spec.batch.region or spec.ecs.region, or start the operator with"
                + " --aws-region or AWS_REGION",
            e);
      }
      defaultRegion = found;
    }
    return found;
  }
}
