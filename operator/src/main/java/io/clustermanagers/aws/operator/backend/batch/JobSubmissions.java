package io.clustermanagers.aws.operator.backend.batch;

import io.clustermanagers.aws.api.v1alpha1.BatchSpec;
import io.clustermanagers.aws.operator.backend.AgentEnvironment;
import io.clustermanagers.aws.operator.backend.WorkerGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.batch.model.ArrayProperties;
import software.amazon.awssdk.services.batch.model.ContainerOverrides;
import software.amazon.awssdk.services.batch.model.JobTimeout;
import software.amazon.awssdk.services.batch.model.KeyValuePair;
import software.amazon.awssdk.services.batch.model.NodeOverrides;
import software.amazon.awssdk.services.batch.model.NodePropertyOverride;
import software.amazon.awssdk.services.batch.model.SubmitJobRequest;

/**
 * The SubmitJob request for the workers {@code first} to {@code first + size - 1}: an array job
 * when {@code size >= 2}, a plain job for one worker.
 *
 * <p>The agent's environment goes into {@code containerOverrides}: the coordinator URL, the
 * cluster's identity and how to get its token (by default {@code ACM_TOKEN_SECRET_ARN}, see {@link
 * io.clustermanagers.aws.operator.backend.aws.TokenDelivery}: a job's environment is visible to
 * every principal allowed {@code batch:DescribeJobs}). The agent takes its worker id from {@code
 * AWS_BATCH_JOB_ID} (array children: {@code parentId:index}) and its address from the host.
 *
 * <p>A multi-node job takes the same environment and command through {@code nodeOverrides}, for
 * every node (the range {@code 0:}); the agent takes its id from {@code AWS_BATCH_JOB_ID} and
 * {@code AWS_BATCH_JOB_NODE_INDEX} ({@code jobId#index}).
 */
final class JobSubmissions {
  private JobSubmissions() {}

  static SubmitJobRequest request(
      WorkerGroup group,
      String queue,
      String jobDefinition,
      Map<String, String> tokenEnvironment,
      long first,
      int size) {
    SubmitJobRequest.Builder request =
        common(group, queue, jobDefinition, first)
            .containerOverrides(overrides(group, tokenEnvironment));
    if (size >= 2) {
      request.arrayProperties(ArrayProperties.builder().size(size).build());
    }
    return request.build();
  }

  /**
   * The SubmitJob request for one multi-node job of {@code nodes} nodes launched for the sequences
   * from {@code first} on; the node count is only said when it differs from the definition's (an
   * override needs an open node range there).
   */
  static SubmitJobRequest multiNodeRequest(
      WorkerGroup group,
      String queue,
      String jobDefinition,
      NodeLayout layout,
      Map<String, String> tokenEnvironment,
      long first,
      int nodes) {
    NodeOverrides.Builder overrides =
        NodeOverrides.builder()
            .nodePropertyOverrides(
                NodePropertyOverride.builder()
                    .targetNodes(MultiNodeDefinitions.ALL_NODES)
                    .containerOverrides(overrides(group, tokenEnvironment))
                    .build());
    if (layout.needsOverride(nodes)) {
      overrides.numNodes(nodes);
    }
    return common(group, queue, jobDefinition, first).nodeOverrides(overrides.build()).build();
  }

  private static SubmitJobRequest.Builder common(
      WorkerGroup group, String queue, String jobDefinition, long first) {
    BatchSpec batch = group.spec().getBatch();
    SubmitJobRequest.Builder request =
        SubmitJobRequest.builder()
            .jobName(BatchJobNames.name(group, first))
            .jobQueue(queue)
            .jobDefinition(jobDefinition)
            .tags(BatchTags.of(group));
    if (batch.getShareIdentifier() != null && !batch.getShareIdentifier().isBlank()) {
      request.shareIdentifier(batch.getShareIdentifier());
    }
    if (batch.getSchedulingPriority() != null) {
      request.schedulingPriorityOverride(batch.getSchedulingPriority());
    }
    if (batch.getTimeout() != null && !batch.getTimeout().isBlank()) {
      request.timeout(
          JobTimeout.builder().attemptDurationSeconds(seconds(batch.getTimeout())).build());
    }
    return request;
  }

  private static ContainerOverrides overrides(
      WorkerGroup group, Map<String, String> tokenEnvironment) {
    List<KeyValuePair> env = new ArrayList<>();
    AgentEnvironment.of(group, tokenEnvironment)
        .forEach((name, value) -> env.add(pair(name, value)));
    List<String> command = AgentEnvironment.workloadCommand(group.spec().getTemplate());
    ContainerOverrides.Builder overrides = ContainerOverrides.builder().environment(env);
    if (!command.isEmpty()) {
      overrides.command(command);
    }
    return overrides.build();
  }

  private static KeyValuePair pair(String name, String value) {
    return KeyValuePair.builder().name(name).value(value).build();
  }

  /** A validated Go-style duration ({@code 12h}, {@code 1h30m}) in whole seconds. */
  static int seconds(String duration) {
    return (int) Duration.parse("PT" + duration.toUpperCase(Locale.ROOT)).toSeconds();
  }
}
