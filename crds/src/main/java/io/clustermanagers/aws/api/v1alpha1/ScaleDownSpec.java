package io.clustermanagers.aws.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** Which workers a scale-down stops first. */
public class ScaleDownSpec {
  @Size(max = AwsClusterSpec.REPLICAS_MAX)
  @JsonPropertyDescription(
      "Worker ids to stop first when replicas goes down (after never-registered workers). The"
          + " operator never edits this list: ids it has handled are listed in"
          + " status.handledWorkersToDelete and not acted on again. At most 10000 ids (the"
          + " most workers a cluster can have) of at most 256 characters. Not used by a multi-node"
          + " job (spec.batch.multiNode), which is replaced whole.")
  private List<@Size(max = 256) String> workersToDelete = new ArrayList<>();

  public List<String> getWorkersToDelete() {
    return workersToDelete;
  }

  public void setWorkersToDelete(List<String> workersToDelete) {
    this.workersToDelete = workersToDelete;
  }
}
