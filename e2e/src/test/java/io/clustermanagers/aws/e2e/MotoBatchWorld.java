package io.clustermanagers.aws.e2e;

import io.clustermanagers.aws.e2e.deploy.DeployFiles;
import io.clustermanagers.aws.operator.backend.aws.AwsSettings;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.JobDefinitionType;
import software.amazon.awssdk.services.batch.model.PlatformCapability;
import software.amazon.awssdk.services.batch.model.ResourceType;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/**
 * Moto with the Batch stack created from {@code deploy/aws/batch-stack.yaml} through CloudFormation
 * (Fargate, 256 vCPUs, and the multi-node part: an EC2 queue of 256 vCPUs), behind a {@link
 * BatchStateProxy} that keeps jobs running (moto finishes them at once); the operator's calls go
 * through the proxy and are counted. Moto's CloudFormation cannot create a multinode job definition
 * (it registers every definition as a container one, and refuses one without containerProperties)
 * and skips the placement group it does not know: the template goes to moto without its
 * MultiNodeJobDefinition, which is then registered through the Batch API with the template's node
 * layout (CloudFormationIT checks it is the template's), through the proxy, which keeps its node
 * properties for DescribeJobDefinitions.
 */
final class MotoBatchWorld extends BatchWorld {
  static final String STACK = "e2e";
  static final String MULTI_NODE_DEFINITION = "acm-" + STACK + "-multinode";
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
                    "ServiceRoleArn", network.serviceRole(),
                    "MultiNodeSubnetId", network.subnet()),
                withoutResource(DeployFiles.read(BatchStack.TEMPLATE), "MultiNodeJobDefinition"));
        registerMultiNodeDefinition(batch);
        return new MotoBatchWorld(
            moto, proxy, stack.withMultiNodeJobDefinition(MULTI_NODE_DEFINITION));
      }
    } catch (Exception | Error e) {
      if (proxy != null) {
        proxy.close();
      }
      moto.close();
      throw e;
    }
  }

  /**
   * The template without one resource (and the output of the same name): every line from {@code "
   * <name>:"} on that is blank or indented deeper.
   */
  static String withoutResource(String template, String name) {
    StringBuilder kept = new StringBuilder();
    boolean skipping = false;
    for (String line : template.split("\n", -1)) {
      if (line.equals("  " + name + ":")) {
        skipping = true;
        continue;
      }
      if (skipping && (line.isBlank() || line.startsWith("   "))) {
        continue;
      }
      skipping = false;
      kept.append(line).append('\n');
    }
    return kept.toString();
  }

  /** The template's MultiNodeJobDefinition: two nodes, main node 0, one open range 0:. */
  private static void registerMultiNodeDefinition(BatchClient batch) {
    batch.registerJobDefinition(
        b ->
            b.jobDefinitionName(MULTI_NODE_DEFINITION)
                .type(JobDefinitionType.MULTINODE)
                .platformCapabilities(PlatformCapability.EC2)
                .nodeProperties(
                    n ->
                        n.numNodes(2)
                            .mainNode(0)
                            .nodeRangeProperties(
                                r ->
                                    r.targetNodes("0:")
                                        .container(
                                            c ->
                                                c.image("aws-cluster-agent:test")
                                                    .resourceRequirements(
                                                        q -> q.type(ResourceType.VCPU).value("1"),
                                                        q ->
                                                            q.type(ResourceType.MEMORY)
                                                                .value("2048"))))));
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
