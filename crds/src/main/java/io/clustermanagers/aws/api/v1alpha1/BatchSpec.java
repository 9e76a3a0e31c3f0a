package io.clustermanagers.aws.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import java.util.LinkedHashMap;
import java.util.Map;

/** AWS Batch settings. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BatchSpec {
  @JsonPropertyDescription("Job queue name or ARN.")
  private String jobQueue;

  @JsonPropertyDescription(
      "Job definition (name, name:revision or ARN). Empty: one is registered from the template.")
  private String jobDefinition;

  @JsonPropertyDescription(
      "Share identifier for a fair-share job queue (required by such queues, refused by others).")
  private String shareIdentifier;

  @Min(0)
  @Max(9999)
  @JsonPropertyDescription(
      "Scheduling priority on a fair-share job queue (0-9999, higher runs first). Empty: the job"
          + " definition's.")
  private Integer schedulingPriority;

  @Pattern(AwsClusterSpec.DURATION_PATTERN)
  @JsonPropertyDescription(
      "Job timeout, a duration of at least 60s such as 12h: Batch terminates a worker that runs"
          + " longer. Empty: no timeout.")
  private String timeout;

  @JsonPropertyDescription("AWS region. Empty: the region of the operator's environment.")
  private String region;

  @JsonPropertyDescription("Extra tags put on every job (next to the operator's ownership tags).")
  private Map<String, String> tags = new LinkedHashMap<>();

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

  public Map<String, String> getTags() {
    return tags;
  }

  public void setTags(Map<String, String> tags) {
    this.tags = tags;
  }
}
