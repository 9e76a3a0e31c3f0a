package io.clustermanagers.aws.e2e;

import io.clustermanagers.aws.operator.backend.aws.AwsSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.CEState;
import software.amazon.awssdk.services.batch.model.CEType;
import software.amazon.awssdk.services.batch.model.CRType;
import software.amazon.awssdk.services.batch.model.JQState;
import software.amazon.awssdk.services.batch.model.JobDefinitionType;
import software.amazon.awssdk.services.batch.model.ResourceType;

/**
 * Moto with a Batch world (a Fargate compute environment of {@link #MAX_VCPUS}, the queue {@link
 * #QUEUE}, the job definition {@link #JOB_DEFINITION} of 1 vCPU) behind a {@link BatchStateProxy}
 * that keeps jobs running, plus a call counter for the operator's clients.
 */
final class BatchEmulator implements AutoCloseable {
  static final String QUEUE = "workers";
  static final String JOB_DEFINITION = "worker";
  static final int MAX_VCPUS = 256;
  final MotoServer moto;
  final BatchStateProxy proxy;
  final AwsCallCounter calls = new AwsCallCounter();
  final BatchClient admin;
  private String computeEnvironment;

  private BatchEmulator(MotoServer moto, BatchStateProxy proxy) {
    this.moto = moto;
    this.proxy = proxy;
    this.admin =
        BatchClient.builder()
            .endpointOverride(proxy.endpoint())
            .region(Region.of(MotoServer.REGION))
            .credentialsProvider(MotoServer.CREDENTIALS)
            .build();
  }

  static BatchEmulator start() throws Exception {
    MotoServer moto = MotoServer.start();
    BatchEmulator emulator = new BatchEmulator(moto, new BatchStateProxy(moto.endpoint()));
    emulator.createBatchWorld();
    return emulator;
  }

  /** AWS settings that send the operator's calls through the proxy and count them. */
  AwsSettings operatorSettings() {
    return new AwsSettings(
        Optional.of(proxy.endpoint()),
        Optional.of(MotoServer.REGION),
        Optional.of(MotoServer.CREDENTIALS),
        List.of(calls));
  }

  private void createBatchWorld() throws Exception {
    String[] network = networkFromMoto().split(" ");
    computeEnvironment =
        admin
            .createComputeEnvironment(
                b ->
                    b.computeEnvironmentName("fargate")
                        .type(CEType.MANAGED)
                        .state(CEState.ENABLED)
                        .serviceRole(network[0])
                        .computeResources(
                            r ->
                                r.type(CRType.FARGATE)
                                    .maxvCpus(MAX_VCPUS)
                                    .subnets(network[1])
                                    .securityGroupIds(network[2])))
            .computeEnvironmentArn();
    createQueue(QUEUE);
    admin.registerJobDefinition(
        b ->
            b.jobDefinitionName(JOB_DEFINITION)
                .type(JobDefinitionType.CONTAINER)
                .containerProperties(
                    c ->
                        c.image("aws-cluster-agent:test")
                            .resourceRequirements(
                                r -> r.type(ResourceType.VCPU).value("1"),
                                r -> r.type(ResourceType.MEMORY).value("2048"))));
  }

  /** A new queue on the compute environment: tests that share moto do not see each other's jobs. */
  String createQueue(String name) {
    admin.createJobQueue(
        b ->
            b.jobQueueName(name)
                .state(JQState.ENABLED)
                .priority(1)
                .computeEnvironmentOrder(o -> o.order(1).computeEnvironment(computeEnvironment)));
    return name;
  }

  /**
   * A service role, a subnet and a security group that moto's compute environment validation
   * accepts. This test module has no IAM/EC2 SDK, so boto3 (which moto depends on) makes them.
   */
  private String networkFromMoto() throws IOException, InterruptedException {
    String script =
        String.join(
            "\n",
            "import boto3, sys",
            "kw = dict(endpoint_url=sys.argv[1], region_name='" + MotoServer.REGION + "',",
            "          aws_access_key_id='testing', aws_secret_access_key='testing')",
            "iam = boto3.client('iam', **kw); ec2 = boto3.client('ec2', **kw)",
            "role = iam.create_role(RoleName='batch-service', AssumeRolePolicyDocument='{}')",
            "subnet = ec2.describe_subnets()['Subnets'][0]['SubnetId']",
            "sg = ec2.describe_security_groups()['SecurityGroups'][0]['GroupId']",
            "print(role['Role']['Arn'], subnet, sg)");
    Process python =
        new ProcessBuilder("python3", "-c", script, moto.endpoint().toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (!python.waitFor(60, TimeUnit.SECONDS) || python.exitValue() != 0) {
      throw new IOException("cannot create the IAM role and find a subnet in moto: " + out);
    }
    return out;
  }

  @Override
  public void close() {
    admin.close();
    proxy.close();
    moto.close();
  }
}
