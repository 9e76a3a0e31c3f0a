package io.clustermanagers.aws.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** One environment variable of the workload. */
public class EnvVar {
  @Required
  @Pattern("^[A-Za-z_][A-Za-z0-9_]*$")
  @Size(max = 255)
  @JsonPropertyDescription(
      "Variable name: letters, digits and underscores, not starting with a digit. ACM_ names are"
          + " reserved for the operator, except ACM_COORDINATOR_CA and ACM_COORDINATOR_CA_FILE (the CA"
          + " an https:// coordinator's certificate chains to; the operator sets"
          + " ACM_COORDINATOR_CA itself unless one of the two is given here).")
  private String name;

  @Size(max = 32768)
  @JsonPropertyDescription("Variable value (at most 32768 characters).")
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
