package io.clustermanagers.aws.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Amazon ECS settings. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EcsSpec {
  @Size(max = 512)
  @JsonPropertyDescription(
      "ECS cluster name or ARN (at most 512 characters). Required for backend ecs. Immutable:"
          + " the operator finds its tasks in this cluster.")
  private String cluster;

  @Size(max = 512)
  @JsonPropertyDescription(
      "Task definition (family, family:revision or ARN, at most 512 characters). Empty: one is"
          + " registered from the template.")
  private String taskDefinition;

  @Size(max = 255)
  @JsonPropertyDescription(
      "Container that runs the worker agent (at most 255 characters); it gets the ACM_ environment and the command."
          + " Empty: the task definition's first container (\"worker\" in a registered one).")
  private String containerName;

  @Pattern("^(FARGATE|EC2)$")
  @JsonPropertyDescription(
      "FARGATE or EC2. Exclusive with capacityProviderStrategy; both empty: the ECS cluster's"
          + " default capacity provider strategy.")
  private String launchType;

  @Size(max = 20)
  @JsonPropertyDescription(
      "Capacity providers to spread tasks over, for example FARGATE_SPOT with weight 3 and"
          + " FARGATE with weight 1 (at most 20). Exclusive with launchType.")
  private List<EcsCapacityProvider> capacityProviderStrategy = new ArrayList<>();

  @JsonPropertyDescription(
      "The tasks' awsvpc network: required for Fargate and when the operator registers the task"
          + " definition.")
  private EcsNetworkConfiguration networkConfiguration;

  @Pattern("^(LATEST|[0-9]+\\.[0-9]+\\.[0-9]+)$")
  @JsonPropertyDescription("Fargate platform version, for example 1.4.0, or LATEST. Empty: LATEST.")
  private String platformVersion;

  @Pattern(AwsClusterSpec.REGION_PATTERN)
  @Size(max = AwsClusterSpec.REGION_MAX_LENGTH)
  @JsonPropertyDescription(
      "AWS region, for example eu-west-1. Empty: the region of the operator's environment."
          + " Immutable: the operator finds its tasks in this region.")
  private String region;

  @Size(max = AwsClusterSpec.USER_TAGS_MAX)
  @ValidationRule(
      value = AwsClusterSpec.TAGS_RULE,
      message = "spec.ecs.tags: " + AwsClusterSpec.TAGS_RULE_MESSAGE)
  @JsonPropertyDescription(
      "Extra tags put on every task (next to the operator's ownership tags): at most 40, keys up"
          + " to 128 characters and not starting with aws:, values up to 256.")
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

  public String getContainerName() {
    return containerName;
  }

  public void setContainerName(String containerName) {
    this.containerName = containerName;
  }

  public String getLaunchType() {
    return launchType;
  }

  public void setLaunchType(String launchType) {
    this.launchType = launchType;
  }

  public List<EcsCapacityProvider> getCapacityProviderStrategy() {
    return capacityProviderStrategy;
  }

  public void setCapacityProviderStrategy(List<EcsCapacityProvider> capacityProviderStrategy) {
    this.capacityProviderStrategy = capacityProviderStrategy;
  }

  public EcsNetworkConfiguration getNetworkConfiguration() {
    return networkConfiguration;
  }

  public void setNetworkConfiguration(EcsNetworkConfiguration networkConfiguration) {
    this.networkConfiguration = networkConfiguration;
  }

  public String getPlatformVersion() {
    return platformVersion;
  }

  public void setPlatformVersion(String platformVersion) {
    this.platformVersion = platformVersion;
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
