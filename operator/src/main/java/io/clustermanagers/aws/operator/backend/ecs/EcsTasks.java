package io.clustermanagers.aws.operator.backend.ecs;

import io.clustermanagers.aws.operator.backend.BackendException;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.RunTaskRequest;
import software.amazon.awssdk.services.ecs.model.RunTaskResponse;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * The ECS calls the backend makes in one region; {@link EcsTasksApi} makes them, tests fake them.
 * Every failure is a {@link BackendException}; a cluster ECS does not know is the permanent {@value
 * #CLUSTER_NOT_FOUND}.
 */
interface EcsTasks {
  String CLUSTER_NOT_FOUND = "EcsClusterNotFound";
  String TASK_DEFINITION_NOT_FOUND = "TaskDefinitionNotFound";

  /** The ECS calls of a region (empty: the operator's default). */
  @FunctionalInterface
  interface ByRegion {
    EcsTasks in(Optional<String> region) throws BackendException;
  }

  /** The resolved region, for cache keys and messages. */
  String regionName();

  /**
   * The ARNs of every task of the cluster started by {@code startedBy} with that desired status.
   */
  List<String> listTaskArns(String cluster, String startedBy, DesiredStatus desiredStatus)
      throws BackendException;

  /** The tasks with their tags; at most {@value EcsTasksApi#DESCRIBE_CHUNK} ARNs per call. */
  List<Task> describeTasks(String cluster, List<String> taskArns) throws BackendException;

  /** One RunTask call (never blindly retried); partial failures come back in its failures. */
  RunTaskResponse runTask(RunTaskRequest request) throws BackendException;

  /** Stops a task; a task ECS does not know is stopped enough. */
  void stopTask(String cluster, String taskArn, String reason) throws BackendException;

  /**
   * A registered task definition (a family's latest revision, or an ARN); {@value
   * #TASK_DEFINITION_NOT_FOUND} when ECS does not know it.
   */
  TaskDefinition describeTaskDefinition(String taskDefinition) throws BackendException;

  /** Registers a task definition and returns its ARN. */
  String registerTaskDefinition(RegisterTaskDefinitionRequest request) throws BackendException;
}
