package io.clustermanagers.aws.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** One entry of an ECS capacity provider strategy. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EcsCapacityProvider {
  @Required
  @Size(min = 1, max = 255)
  @JsonPropertyDescription(
      "Capacity provider name: FARGATE, FARGATE_SPOT or an EC2 Auto Scaling group capacity"
          + " provider of the cluster.")
  private String capacityProvider;

  @Min(0)
  @Max(1000)
  @JsonPropertyDescription("Relative share of the tasks this provider gets (0 to 1000).")
  private Integer weight;

  @Min(0)
  @Max(100000)
  @JsonPropertyDescription(
      "How many tasks this provider runs before weights apply (only one provider may set it).")
  private Integer base;

  public EcsCapacityProvider() {}

  public EcsCapacityProvider(String capacityProvider, Integer weight, Integer base) {
    this.capacityProvider = capacityProvider;
    this.weight = weight;
    this.base = base;
  }

  public String getCapacityProvider() {
    return capacityProvider;
  }

  public void setCapacityProvider(String capacityProvider) {
    this.capacityProvider = capacityProvider;
  }

  public Integer getWeight() {
    return weight;
  }

  public void setWeight(Integer weight) {
    this.weight = weight;
  }

  public Integer getBase() {
    return base;
  }

  public void setBase(Integer base) {
    this.base = base;
  }
}
