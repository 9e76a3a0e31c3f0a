package io.clustermanagers.aws.e2e;

import io.clustermanagers.aws.operator.backend.aws.AwsSettings;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/**
 * Moto with the Batch stack created from {@code deploy/aws/batch-stack.yaml} through CloudFormation
 * (Fargate, 256 vCPUs), behind a {@link BatchStateProxy} that keeps jobs running (moto finishes
 * them at once); the operator's calls go through the proxy and are counted.
 */
final class MotoBatchWorld extends BatchWorld {
  static final String STACK = "e2e";
  final MotoServer moto;
  final BatchStateProxy proxy;

  private MotoBatchWorld(MotoServer moto, BatchStateProxy proxy, BatchStack stack) {
    super(stack, batchClient(proxy), Duration.ofSeconds(60), true);
    this.moto = moto;
    this.proxy = proxy;
  }

  static MotoBatchWorld start() throws Exception {
    MotoServer moto = MotoServer.start();
    BatchStateProxy proxy = null;
    try {
      proxy = new BatchStateProxy(moto.endpoint());
      EmulatorNetwork network =
          EmulatorNetwork.of(moto.endpoint(), MotoServer.REGION, "testing", "testing");
      try (CloudFormationClient cloudFormation =
              CloudFormationClient.builder()
                  .endpointOverride(moto.endpoint())
                  .region(Region.of(MotoServer.REGION))
                  .credentialsProvider(MotoServer.CREDENTIALS)
                  .build();
          BatchClient batch = batchClient(proxy)) {
        BatchStack stack =
            BatchStack.create(
                cloudFormation,
                batch,
                STACK,
                Map.of(
                    "WorkerImage", "aws-cluster-agent:test",
                    "SubnetIds", network.subnet(),
                    "SecurityGroupIds", network.securityGroup(),
                    "ServiceRoleArn", network.serviceRole()));
        return new MotoBatchWorld(moto, proxy, stack);
      }
    } catch (Exception | Error e) {
      if (proxy != null) {
        proxy.close();
      }
      moto.close();
      throw e;
    }
  }

  private static BatchClient batchClient(BatchStateProxy proxy) {
    return BatchClient.builder()
        .endpointOverride(proxy.endpoint())
        .region(Region.of(MotoServer.REGION))
        .credentialsProvider(MotoServer.CREDENTIALS)
        .build();
  }

  @Override
  String describe() {
    return "moto at " + moto.endpoint() + " (jobs held by a proxy at " + proxy.endpoint() + ")";
  }

  /** AWS settings that send the operator's calls through the proxy and count them. */
  @Override
  Map<String, String> agentAwsEnvironment() {
    return Map.of(
        "AWS_ENDPOINT_URL", moto.endpoint().toString(),
        "AWS_ACCESS_KEY_ID", "testing",
        "AWS_SECRET_ACCESS_KEY", "testing");
  }

  @Override
  AwsSettings operatorSettings() {
    return MotoServer.settings(proxy.endpoint(), calls());
  }

  @Override
  public void close() {
    super.close();
    proxy.close();
    moto.close();
  }
}
