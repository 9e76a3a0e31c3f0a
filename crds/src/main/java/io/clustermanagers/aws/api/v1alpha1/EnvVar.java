package io.clustermanagers.aws.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** One environment variable of the workload. */
public class EnvVar {
  @Required
  @JsonPropertyDescription("Variable name.")
  private String name;

  @JsonPropertyDescription("Variable value.")
  private String value;

  public EnvVar() {}

  public EnvVar(String name, String value) {
    this.name = name;
    this.value = value;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getValue() {
    return value;
  }

  public void setValue(String value) {
    this.value = value;
  }
}
