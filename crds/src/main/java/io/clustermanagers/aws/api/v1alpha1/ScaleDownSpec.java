package io.clustermanagers.aws.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** Which workers a scale-down stops first. */
public class ScaleDownSpec {
  @JsonPropertyDescription(
      "Worker ids to stop first when replicas goes down (after never-registered workers). The"
          + " operator removes ids from this list once they are stopped.")
  private List<String> workersToDelete = new ArrayList<>();

  public List<String> getWorkersToDelete() {
    return workersToDelete;
  }

  public void setWorkersToDelete(List<String> workersToDelete) {
    this.workersToDelete = workersToDelete;
  }
}
