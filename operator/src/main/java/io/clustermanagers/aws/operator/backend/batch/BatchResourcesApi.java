package io.clustermanagers.aws.operator.backend.batch;

import io.clustermanagers.aws.operator.backend.BackendException;
import io.clustermanagers.aws.operator.backend.aws.AwsFailures;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.ComputeEnvironmentDetail;
import software.amazon.awssdk.services.batch.model.ComputeEnvironmentOrder;
import software.amazon.awssdk.services.batch.model.ContainerProperties;
import software.amazon.awssdk.services.batch.model.JobDefinition;
import software.amazon.awssdk.services.batch.model.JobQueueDetail;
import software.amazon.awssdk.services.batch.model.RegisterJobDefinitionRequest;
import software.amazon.awssdk.services.batch.model.ResourceType;

/** Reads job queues, compute environments and job definitions; registers job definitions. */
final class BatchResourcesApi {
  private final BatchClient batch;

  BatchResourcesApi(BatchClient batch) {
    this.batch = batch;
  }

  /** The queue (name or ARN) with its environments' capacity, or empty when it does not exist. */
  Optional<JobQueueInfo> queue(String queue) throws BackendException {
    try {
      List<JobQueueDetail> found = batch.describeJobQueues(b -> b.jobQueues(queue)).jobQueues();
      if (found.isEmpty()) {
        return Optional.empty();
      }
      JobQueueDetail detail = found.get(0);
      List<String> environments =
          detail.computeEnvironmentOrder().stream()
              .map(ComputeEnvironmentOrder::computeEnvironment)
              .toList();
      Map<String, Optional<Integer>> capacity = new LinkedHashMap<>();
      Map<String, String> types = new LinkedHashMap<>();
      if (!environments.isEmpty()) {
        for (ComputeEnvironmentDetail ce :
            batch
                .describeComputeEnvironments(b -> b.computeEnvironments(environments))
                .computeEnvironments()) {
          capacity.put(
              ce.computeEnvironmentName(),
              Optional.ofNullable(ce.computeResources()).map(r -> r.maxvCpus()));
          Optional.ofNullable(ce.computeResources())
              .map(r -> r.typeAsString())
              .ifPresent(t -> types.put(ce.computeEnvironmentName(), t));
        }
      }
      return Optional.of(
          new JobQueueInfo(detail.jobQueueName(), detail.stateAsString(), capacity, types));
    } catch (SdkException e) {
      throw AwsFailures.classify("DescribeJobQueues " + queue, e);
    }
  }

  /**
   * The newest ACTIVE revision matching {@code reference} (a name, name:revision or ARN), or empty.
   */
  Optional<JobDefinition> activeJobDefinition(String reference) throws BackendException {
    // An ARN or name:revision names one revision: one exact call. A bare name means its newest
    // ACTIVE revision, which may be past the first page (100) of a long-lived name.
    boolean exact = reference.contains(":");
    try {
      List<JobDefinition> found =
          exact
              ? batch.describeJobDefinitions(b -> b.jobDefinitions(reference)).jobDefinitions()
              : batch
                  .describeJobDefinitionsPaginator(
                      b -> b.jobDefinitionName(reference).status("ACTIVE"))
                  .jobDefinitions()
                  .stream()
                  .toList();
      return found.stream()
          .filter(d -> "ACTIVE".equalsIgnoreCase(d.status()))
          .filter(d -> !exact || matches(d, reference))
          .max(Comparator.comparing(JobDefinition::revision));
    } catch (SdkException e) {
      throw AwsFailures.classify("DescribeJobDefinitions " + reference, e);
    }
  }

  /** Registers a job definition and returns its ARN. */
  String register(RegisterJobDefinitionRequest request) throws BackendException {
    try {
      return batch.registerJobDefinition(request).jobDefinitionArn();
    } catch (SdkException e) {
      throw AwsFailures.classify("RegisterJobDefinition " + request.jobDefinitionName(), e);
    }
  }

  /** The vCPUs a job definition asks for, if it says (a multinode one: its largest node). */
  static Optional<Double> vcpus(JobDefinition definition) {
    if (MultiNodeDefinitions.isMultiNode(definition)) {
      return MultiNodeDefinitions.vcpus(definition);
    }
    ContainerProperties container = definition.containerProperties();
    return container == null ? Optional.empty() : vcpus(container);
  }

  /** The vCPUs a container asks for, if it says. */
  static Optional<Double> vcpus(ContainerProperties container) {
    Optional<Double> fromRequirements =
        container.resourceRequirements().stream()
            .filter(r -> r.type() == ResourceType.VCPU)
            .map(r -> Double.valueOf(r.value()))
            .findFirst();
    return fromRequirements.or(
        () -> Optional.ofNullable(container.vcpus()).map(Integer::doubleValue));
  }

  private static boolean matches(JobDefinition definition, String reference) {
    return reference.equals(definition.jobDefinitionArn())
        || reference.equals(definition.jobDefinitionName() + ":" + definition.revision());
  }
}
