package io.clustermanagers.aws.e2e;

import io.clustermanagers.aws.operator.backend.aws.AwsSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/**
 * A real AWS account, reached as the operator reaches it (the SDK's default credentials and region
 * chains, {@code AWS_ENDPOINT_URL} honoured), with a Batch stack the user created from {@code
 * deploy/aws/batch-stack.yaml} (e2e/README.md says how). Jobs really run: Fargate takes a minute or
 * two to start one, so the suite waits up to {@link #patience()}.
 */
final class AwsBatchWorld extends BatchWorld {
  private final String region;

  private AwsBatchWorld(String region, BatchClient admin, BatchStack stack) {
    super(stack, admin, Duration.ofMinutes(15), false);
    this.region = region;
  }

  /** Finds the stack; fails naming what is missing (credentials, region, the stack). */
  static AwsBatchWorld connect(String stackName) {
    String region;
    try (DefaultCredentialsProvider credentials = DefaultCredentialsProvider.builder().build()) {
      credentials.resolveCredentials();
      region = new DefaultAwsRegionProviderChain().getRegion().id();
    } catch (SdkClientException e) {
      throw new IllegalStateException(
          "ACM_E2E_TARGET=aws needs AWS credentials and a region (AWS_PROFILE or AWS_ACCESS_KEY_ID,"
              + " AWS_REGION): "
              + e.getMessage(),
          e);
    }
    BatchClient admin = BatchClient.create();
    try (CloudFormationClient cloudFormation = CloudFormationClient.create()) {
      return new AwsBatchWorld(region, admin, BatchStack.read(cloudFormation, admin, stackName));
    } catch (RuntimeException e) {
      admin.close();
      throw e;
    }
  }

  @Override
  String describe() {
    return "AWS " + region + ", stack " + stack().name();
  }

  /** The agent inherits this process's credentials and endpoint settings. */
  @Override
  Map<String, String> agentAwsEnvironment() {
    return Map.of();
  }

  @Override
  AwsSettings operatorSettings() {
    return new AwsSettings(
        Optional.empty(), Optional.of(region), Optional.empty(), List.of(calls()));
  }
}
