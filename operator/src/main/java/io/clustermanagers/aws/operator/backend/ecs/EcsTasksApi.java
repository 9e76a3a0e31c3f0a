package io.clustermanagers.aws.operator.backend.ecs;

import io.clustermanagers.aws.operator.backend.BackendException;
import io.clustermanagers.aws.operator.backend.aws.AwsClientFactory;
import io.clustermanagers.aws.operator.backend.aws.AwsFailures;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.RunTaskRequest;
import software.amazon.awssdk.services.ecs.model.RunTaskResponse;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.TaskField;

/** The ECS calls through the SDK, each wrapped into a {@link BackendException} on failure. */
final class EcsTasksApi implements EcsTasks {
  /** DescribeTasks takes at most this many tasks per call. */
  static final int DESCRIBE_CHUNK = 100;

  private final EcsClient ecs;

  EcsTasksApi(EcsClient ecs) {
    this.ecs = ecs;
  }

  /** The calls of each region through {@code clients}' (cached) ECS client of that region. */
  static EcsTasks.ByRegion of(AwsClientFactory clients) {
    return region -> new EcsTasksApi(clients.ecs(region));
  }

  @Override
  public String regionName() {
    return ecs.serviceClientConfiguration().region().id();
  }

  /** Every page (ListTasks answers at most 100 ARNs per page). */
  @Override
  public List<String> listTaskArns(String cluster, String startedBy, DesiredStatus desiredStatus)
      throws BackendException {
    try {
      return ecs
          .listTasksPaginator(
              b ->
                  b.cluster(cluster)
                      .startedBy(startedBy)
                      .desiredStatus(desiredStatus)
                      .maxResults(100))
          .taskArns()
          .stream()
          .toList();
    } catch (ClusterNotFoundException e) {
      throw clusterNotFound(cluster, e);
    } catch (SdkException e) {
      throw AwsFailures.classify("ListTasks on cluster " + cluster, e);
    }
  }

  @Override
  public List<Task> describeTasks(String cluster, List<String> taskArns) throws BackendException {
    if (taskArns.size() > DESCRIBE_CHUNK) {
      throw new IllegalArgumentException(
          "DescribeTasks takes at most " + DESCRIBE_CHUNK + " tasks, not " + taskArns.size());
    }
    try {
      return ecs.describeTasks(b -> b.cluster(cluster).tasks(taskArns).include(TaskField.TAGS))
          .tasks();
    } catch (ClusterNotFoundException e) {
      throw clusterNotFound(cluster, e);
    } catch (SdkException e) {
      throw AwsFailures.classify("DescribeTasks on cluster " + cluster, e);
    }
  }

  /**
   * As {@link EcsRunTaskRequests} builds it: not retried by the SDK unless ECS certainly did
   * nothing (see {@link io.clustermanagers.aws.operator.backend.aws.CreatingCalls}).
   */
  @Override
  public RunTaskResponse runTask(RunTaskRequest request) throws BackendException {
    try {
      return ecs.runTask(request);
    } catch (ClusterNotFoundException e) {
      throw clusterNotFound(request.cluster(), e);
    } catch (SdkException e) {
      throw AwsFailures.classify("RunTask on cluster " + request.cluster(), e);
    }
  }

  @Override
  public void stopTask(String cluster, String taskArn, String reason) throws BackendException {
    try {
      ecs.stopTask(b -> b.cluster(cluster).task(taskArn).reason(reason));
    } catch (InvalidParameterException e) {
      if (!String.valueOf(e.getMessage()).toLowerCase().contains("not found")) {
        throw AwsFailures.classify("StopTask " + taskArn + " on cluster " + cluster, e);
      }
      // an unknown task is stopped enough
    } catch (ClusterNotFoundException e) {
      throw clusterNotFound(cluster, e);
    } catch (SdkException e) {
      throw AwsFailures.classify("StopTask " + taskArn + " on cluster " + cluster, e);
    }
  }

  @Override
  public TaskDefinition describeTaskDefinition(String taskDefinition) throws BackendException {
    try {
      return ecs.describeTaskDefinition(b -> b.taskDefinition(taskDefinition)).taskDefinition();
    } catch (ClientException e) {
      throw BackendException.permanent(
          TASK_DEFINITION_NOT_FOUND,
          "task definition "
              + taskDefinition
              + " cannot be described: "
              + e.awsErrorDetails().errorMessage(),
          e);
    } catch (SdkException e) {
      throw AwsFailures.classify("DescribeTaskDefinition " + taskDefinition, e);
    }
  }

  @Override
  public String registerTaskDefinition(RegisterTaskDefinitionRequest request)
      throws BackendException {
    try {
      return ecs.registerTaskDefinition(request).taskDefinition().taskDefinitionArn();
    } catch (SdkException e) {
      throw AwsFailures.classify("RegisterTaskDefinition " + request.family(), e);
    }
  }

  private BackendException clusterNotFound(String cluster, ClusterNotFoundException e) {
    return BackendException.permanent(
        CLUSTER_NOT_FOUND,
        "ECS cluster "
            + cluster
            + " (spec.ecs.cluster) was not found in region "
            + regionName()
            + ": create it (deploy/aws/ecs-stack.yaml) or fix spec.ecs.cluster / spec.ecs.region",
        e);
  }
}
