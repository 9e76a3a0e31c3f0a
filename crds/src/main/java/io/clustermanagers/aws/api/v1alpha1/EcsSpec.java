package io.clustermanagers.aws.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.LinkedHashMap;
import java.util.Map;

/** Amazon ECS settings. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EcsSpec {
  @JsonPropertyDescription("ECS cluster name or ARN.")
  private String cluster;

  @JsonPropertyDescription(
      "Task definition (family, family:revision or ARN). Empty: one is registered from the"
          + " template.")
  private String taskDefinition;

  @JsonPropertyDescription("AWS region. Empty: the region of the operator's environment.")
  private String region;

  @JsonPropertyDescription("Extra tags put on every task.")
  private Map<String, String> tags = new LinkedHashMap<>();

  public String getCluster() {
    return cluster;
  }

  public void setCluster(String cluster) {
    this.cluster = cluster;
  }

  public String getTaskDefinition() {
    return taskDefinition;
  }

  public void setTaskDefinition(String taskDefinition) {
    this.taskDefinition = taskDefinition;
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
