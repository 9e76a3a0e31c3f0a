package io.clustermanagers.aws.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** The awsvpc network of each task (required for Fargate and registered task definitions). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EcsNetworkConfiguration {
  @Size(max = 16)
  @JsonPropertyDescription("Subnet ids the tasks' network interfaces are placed in (1 to 16).")
  private List<@Size(max = 64) String> subnets = new ArrayList<>();

  @Size(max = 5)
  @JsonPropertyDescription(
      "Security group ids of the tasks (up to 5). They must let workers reach the coordinator.")
  private List<@Size(max = 64) String> securityGroups = new ArrayList<>();

  @JsonPropertyDescription(
      "Give each task a public IP (needed in a public subnet without a NAT gateway to pull"
          + " images). Default false.")
  private Boolean assignPublicIp;

  public List<String> getSubnets() {
    return subnets;
  }

  public void setSubnets(List<String> subnets) {
    this.subnets = subnets;
  }

  public List<String> getSecurityGroups() {
    return securityGroups;
  }

  public void setSecurityGroups(List<String> securityGroups) {
    this.securityGroups = securityGroups;
  }

  public Boolean getAssignPublicIp() {
    return assignPublicIp;
  }

  public void setAssignPublicIp(Boolean assignPublicIp) {
    this.assignPublicIp = assignPublicIp;
  }
}
