package io.clustermanagers.aws.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;

/** Local-process settings (development and tests). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LocalSpec {
  @Size(max = 4096)
  @JsonPropertyDescription(
      "Working directory of the worker processes. Empty: the operator's working directory.")
  private String workingDir;

  public String getWorkingDir() {
    return workingDir;
  }

  public void setWorkingDir(String workingDir) {
    this.workingDir = workingDir;
  }
}
