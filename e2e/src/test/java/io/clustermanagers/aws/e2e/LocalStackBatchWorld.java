package io.clustermanagers.aws.e2e;

import io.clustermanagers.aws.operator.backend.aws.AwsSettings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/**
 * LocalStack (Pro: its Batch is not in the free edition) started with Testcontainers, with the
 * Batch stack created through its CloudFormation. LocalStack runs each job as a container on the
 * same Docker engine (Testcontainers mounts its socket), so the jobs really run: the stack's worker
 * image is {@link #WORKER_IMAGE} unless {@code ACM_E2E_WORKER_IMAGE} names another, and the suite's
 * clusters keep it alive with {@code sleep}.
 */
final class LocalStackBatchWorld extends BatchWorld {
  static final String DEFAULT_IMAGE = "localstack/localstack-pro:4.5";
  static final String WORKER_IMAGE = "public.ecr.aws/docker/library/busybox:1.37";
  private final LocalStackContainer container;
  private final StaticCredentialsProvider credentials;

  private LocalStackBatchWorld(
      LocalStackContainer container, StaticCredentialsProvider credentials, BatchStack stack) {
    super(stack, batchClient(container, credentials), Duration.ofMinutes(5), true);
    this.container = container;
    this.credentials = credentials;
  }

  /**
   * Starts LocalStack; {@code authToken} is the LocalStack licence ({@code LOCALSTACK_AUTH_TOKEN}).
   */
  static LocalStackBatchWorld start(String image, String authToken, String workerImage)
      throws Exception {
    LocalStackContainer container =
        new LocalStackContainer(
                DockerImageName.parse(image).asCompatibleSubstituteFor("localstack/localstack"))
            .withEnv("LOCALSTACK_AUTH_TOKEN", authToken);
    container.start();
    try {
      StaticCredentialsProvider credentials =
          StaticCredentialsProvider.create(
              AwsBasicCredentials.create(container.getAccessKey(), container.getSecretKey()));
      EmulatorNetwork network =
          EmulatorNetwork.of(
              container.getEndpoint(),
              container.getRegion(),
              container.getAccessKey(),
              container.getSecretKey());
      try (CloudFormationClient cloudFormation =
              CloudFormationClient.builder()
                  .endpointOverride(container.getEndpoint())
                  .region(Region.of(container.getRegion()))
                  .credentialsProvider(credentials)
                  .build();
          BatchClient batch = batchClient(container, credentials)) {
        BatchStack stack =
            BatchStack.create(
                cloudFormation,
                batch,
                "e2e",
                Map.of(
                    "WorkerImage", workerImage,
                    "SubnetIds", network.subnet(),
                    "SecurityGroupIds", network.securityGroup(),
                    "ServiceRoleArn", network.serviceRole()));
        return new LocalStackBatchWorld(container, credentials, stack);
      }
    } catch (Exception | Error e) {
      container.stop();
      throw e;
    }
  }

  private static BatchClient batchClient(
      LocalStackContainer container, StaticCredentialsProvider credentials) {
    return BatchClient.builder()
        .endpointOverride(container.getEndpoint())
        .region(Region.of(container.getRegion()))
        .credentialsProvider(credentials)
        .build();
  }

  @Override
  String describe() {
    return container.getDockerImageName() + " at " + container.getEndpoint();
  }

  @Override
  Map<String, String> agentAwsEnvironment() {
    return Map.of(
        "AWS_ENDPOINT_URL", container.getEndpoint().toString(),
        "AWS_ACCESS_KEY_ID", container.getAccessKey(),
        "AWS_SECRET_ACCESS_KEY", container.getSecretKey());
  }

  @Override
  AwsSettings operatorSettings() {
    URI endpoint = container.getEndpoint();
    return new AwsSettings(
        Optional.of(endpoint),
        Optional.of(container.getRegion()),
        Optional.of(credentials),
        List.of(calls()));
  }

  @Override
  public void close() {
    super.close();
    container.stop();
  }
}
