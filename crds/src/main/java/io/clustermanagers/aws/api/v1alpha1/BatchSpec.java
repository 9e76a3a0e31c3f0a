package io.clustermanagers.aws.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.LinkedHashMap;
import java.util.Map;

/** AWS Batch settings. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BatchSpec {
  @Size(max = 256)
  @JsonPropertyDescription(
      "Job queue name or ARN (at most 256 characters). Required for backend batch. Immutable:"
          + " the operator finds its jobs in this queue.")
  private String jobQueue;

  @Size(max = 256)
  @JsonPropertyDescription(
      "Job definition (name, name:revision or ARN, at most 256 characters). Empty: one is"
          + " registered from the template. With multiNode it must be a multinode job definition"
          + " whose node ranges allow the node count (an open range such as 0:).")
  private String jobDefinition;

  @Size(max = 255)
  @JsonPropertyDescription(
      "Share identifier for a fair-share job queue (required by such queues, refused by others;"
          + " at most 255 characters).")
  private String shareIdentifier;

  @Min(0)
  @Max(9999)
  @JsonPropertyDescription(
      "Scheduling priority on a fair-share job queue (0-9999, higher runs first). Empty: the job"
          + " definition's.")
  private Integer schedulingPriority;

  @Pattern(AwsClusterSpec.DURATION_PATTERN)
  @Size(max = AwsClusterSpec.DURATION_MAX_LENGTH)
  @JsonPropertyDescription(
      "Job timeout, a duration of at least 60s such as 12h: Batch terminates a worker that runs"
          + " longer (a multi-node job: the whole job). Empty: no timeout.")
  private String timeout;

  @Pattern(AwsClusterSpec.REGION_PATTERN)
  @Size(max = AwsClusterSpec.REGION_MAX_LENGTH)
  @JsonPropertyDescription(
      "AWS region, for example us-east-1. Empty: the region of the operator's environment."
          + " Immutable: the operator finds its jobs in this region.")
  private String region;

  @Size(max = AwsClusterSpec.USER_TAGS_MAX)
  @ValidationRule(
      value = AwsClusterSpec.TAGS_RULE,
      message = "spec.batch.tags: " + AwsClusterSpec.TAGS_RULE_MESSAGE)
  @JsonPropertyDescription(
      "Extra tags put on every job (next to the operator's ownership tags): at most 40, keys up"
          + " to 128 characters and not starting with aws:, values up to 256.")
  private Map<String, String> tags = new LinkedHashMap<>();

  @JsonPropertyDescription(
      "Run the workers as the nodes of one multi-node parallel job (MPI, collective"
          + " communication) instead of an array job: spec.replicas is the node count, minReady"
          + " defaults to all nodes, the queue needs an EC2 compute environment. Cannot be added"
          + " or removed after creation.")
  private MultiNodeSpec multiNode;

  public String getJobQueue() {
    return jobQueue;
  }

  public void setJobQueue(String jobQueue) {
    this.jobQueue = jobQueue;
  }

  public String getJobDefinition() {
    return jobDefinition;
  }

  public void setJobDefinition(String jobDefinition) {
    this.jobDefinition = jobDefinition;
  }

  public String getShareIdentifier() {
    return shareIdentifier;
  }

  public void setShareIdentifier(String shareIdentifier) {
    this.shareIdentifier = shareIdentifier;
  }

  public Integer getSchedulingPriority() {
    return schedulingPriority;
  }

  public void setSchedulingPriority(Integer schedulingPriority) {
    this.schedulingPriority = schedulingPriority;
  }

  public String getTimeout() {
    return timeout;
  }

  public void setTimeout(String timeout) {
    this.timeout = timeout;
  }

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  public MultiNodeSpec getMultiNode() {
    return multiNode;
  }

  public void setMultiNode(MultiNodeSpec multiNode) {
    this.multiNode = multiNode;
  }

  public Map<String, String> getTags() {
    return tags;
  }

  public void setTags(Map<String, String> tags) {
    this.tags = tags;
  }
}
