package io.clustermanagers.aws.e2e;

import io.clustermanagers.aws.e2e.deploy.DeployFiles;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.ComputeEnvironmentDetail;
import software.amazon.awssdk.services.batch.model.JobQueueDetail;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;

/**
 * A stack of {@code deploy/aws/batch-stack.yaml}, as the Batch suite uses it: the queue and job
 * definition from its outputs, and the vCPUs its compute environment allows. Every target (moto,
 * LocalStack, a real account) is such a stack; the emulators' is created by the test.
 *
 * @param multiNodeJobQueue the multi-node queue, when the stack was made with MultiNodeSubnetId
 * @param multiNodeJobDefinition the multinode job definition, likewise
 */
record BatchStack(
    String name,
    String jobQueue,
    String jobDefinition,
    int maxVcpus,
    Optional<String> multiNodeJobQueue,
    Optional<String> multiNodeJobDefinition) {
  static final String TEMPLATE = "deploy/aws/batch-stack.yaml";
  private static final Duration CREATE_TIMEOUT = Duration.ofMinutes(10);

  /** Creates the stack from the repository's template and waits until it is complete. */
  static BatchStack create(
      CloudFormationClient cloudFormation,
      BatchClient batch,
      String name,
      Map<String, String> parameters)
      throws InterruptedException {
    return create(cloudFormation, batch, name, parameters, DeployFiles.read(TEMPLATE));
  }

  /** The same with the template's text given (an emulator's reduced copy). */
  static BatchStack create(
      CloudFormationClient cloudFormation,
      BatchClient batch,
      String name,
      Map<String, String> parameters,
      String template)
      throws InterruptedException {
    cloudFormation.createStack(
        b ->
            b.stackName(name)
                .templateBody(template)
                .capabilities(Capability.CAPABILITY_IAM)
                .parameters(
                    parameters.entrySet().stream()
                        .map(
                            e ->
                                Parameter.builder()
                                    .parameterKey(e.getKey())
                                    .parameterValue(e.getValue())
                                    .build())
                        .toList()));
    Instant deadline = Instant.now().plus(CREATE_TIMEOUT);
    while (describe(cloudFormation, name).stackStatus() == StackStatus.CREATE_IN_PROGRESS) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("stack " + name + " not created within " + CREATE_TIMEOUT);
      }
      Thread.sleep(500);
    }
    return read(cloudFormation, batch, name);
  }

  /**
   * The stack's queue, job definition and capacity; fails with what is wrong when the stack is
   * missing or not complete (a real account's stack is created by hand, see e2e/README.md).
   */
  static BatchStack read(CloudFormationClient cloudFormation, BatchClient batch, String name) {
    Stack stack = describe(cloudFormation, name);
    if (stack.stackStatus() != StackStatus.CREATE_COMPLETE
        && stack.stackStatus() != StackStatus.UPDATE_COMPLETE) {
      throw new IllegalStateException(
          "stack "
              + name
              + " is "
              + stack.stackStatusAsString()
              + (stack.stackStatusReason() == null ? "" : " (" + stack.stackStatusReason() + ")")
              + "; the suite needs CREATE_COMPLETE or UPDATE_COMPLETE");
    }
    Map<String, String> outputs =
        stack.outputs().stream().collect(Collectors.toMap(Output::outputKey, Output::outputValue));
    String queue = output(outputs, name, "JobQueue");
    String jobDefinition = output(outputs, name, "JobDefinition");
    return new BatchStack(
        name,
        queue,
        jobDefinition,
        maxVcpus(batch, queue),
        Optional.ofNullable(outputs.get("MultiNodeJobQueue")),
        Optional.ofNullable(outputs.get("MultiNodeJobDefinition")));
  }

  /** This stack with its multinode job definition named (one an emulator registered itself). */
  BatchStack withMultiNodeJobDefinition(String definition) {
    return new BatchStack(
        name, jobQueue, jobDefinition, maxVcpus, multiNodeJobQueue, Optional.of(definition));
  }

  private static Stack describe(CloudFormationClient cloudFormation, String name) {
    try {
      return cloudFormation.describeStacks(b -> b.stackName(name)).stacks().get(0);
    } catch (CloudFormationException e) {
      throw new IllegalStateException(
          "cannot read stack "
              + name
              + " ("
              + e.awsErrorDetails().errorMessage()
              + "); create it from "
              + TEMPLATE
              + " first",
          e);
    }
  }

  private static String output(Map<String, String> outputs, String stack, String key) {
    String value = outputs.get(key);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "stack " + stack + " has no output " + key + " (is it made from " + TEMPLATE + "?)");
    }
    return value;
  }

  /** The sum of maxvCpus over the queue's compute environments. */
  private static int maxVcpus(BatchClient batch, String queue) {
    List<JobQueueDetail> queues = batch.describeJobQueues(b -> b.jobQueues(queue)).jobQueues();
    if (queues.isEmpty()) {
      throw new IllegalStateException("the stack's job queue " + queue + " does not exist");
    }
    List<String> environments =
        queues.get(0).computeEnvironmentOrder().stream().map(o -> o.computeEnvironment()).toList();
    return batch
        .describeComputeEnvironments(b -> b.computeEnvironments(environments))
        .computeEnvironments()
        .stream()
        .map(ComputeEnvironmentDetail::computeResources)
        .mapToInt(r -> r.maxvCpus() == null ? 0 : r.maxvCpus())
        .sum();
  }
}
