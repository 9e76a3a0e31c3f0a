package io.clustermanagers.aws.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/**
 * One worker as the operator sees it. Nothing here changes with a heartbeat (its last heartbeat is
 * in the coordinator's worker list), so that a cluster at rest needs no status writes.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkerStatus {
  @JsonPropertyDescription(
      "Worker id (local: name-sequence, Batch: job id, array child parent:index, multi-node"
          + " job node job#index; ECS: task id).")
  private String id;

  @JsonPropertyDescription(
      "Node index in a multi-node parallel job (the list is in node order); empty for other"
          + " workers.")
  private Integer node;

  @JsonPropertyDescription("Pending, Starting, Ready, Lost or Stopping.")
  private String state;

  @JsonPropertyDescription("Address the worker registered with.")
  private String address;

  @JsonPropertyDescription("When the worker registered.")
  private String registeredAt;

  public WorkerStatus() {}

  public WorkerStatus(String id, String state, String address, String registeredAt) {
    this.id = id;
    this.state = state;
    this.address = address;
    this.registeredAt = registeredAt;
  }

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public Integer getNode() {
    return node;
  }

  public void setNode(Integer node) {
    this.node = node;
  }

  public String getState() {
    return state;
  }

  public void setState(String state) {
    this.state = state;
  }

  public String getAddress() {
    return address;
  }

  public void setAddress(String address) {
    this.address = address;
  }

  public String getRegisteredAt() {
    return registeredAt;
  }

  public void setRegisteredAt(String registeredAt) {
    this.registeredAt = registeredAt;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WorkerStatus w
        && Objects.equals(id, w.id)
        && Objects.equals(node, w.node)
        && Objects.equals(state, w.state)
        && Objects.equals(address, w.address)
        && Objects.equals(registeredAt, w.registeredAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, node, state, address, registeredAt);
  }
}
