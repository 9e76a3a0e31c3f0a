package io.clustermanagers.aws.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
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

  @JsonPropertyDescription("AWS region. Empty: the region of the operator's environment.")
  private String region;

  @JsonPropertyDescription("Extra tags put on every job.")
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
