package io.clustermanagers.aws.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.model.annotation.LabelSelector;
import io.fabric8.kubernetes.model.annotation.StatusReplicas;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What the operator observed, written only by the operator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AwsClusterStatus {
  @JsonPropertyDescription("The spec generation this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "One word summary: Pending, Provisioning, Running, Degraded, Suspending, Suspended,"
          + " Invalid or Terminating. Conditions carry the detail.")
  private String phase;

  @StatusReplicas
  @JsonPropertyDescription("Workers that exist now (launched and not yet ended).")
  private Integer replicas;

  @JsonPropertyDescription("Workers launched but not yet registered.")
  private Integer pendingReplicas;

  @JsonPropertyDescription("Workers the backend reports running (registered or not).")
  private Integer runningReplicas;

  @JsonPropertyDescription("Workers registered with the coordinator and heartbeating.")
  private Integer readyReplicas;

  @JsonPropertyDescription("Workers that registered and then stopped heartbeating.")
  private Integer lostReplicas;

  @JsonPropertyDescription("Workers that ended without being asked to, since the last success.")
  private Integer failedReplicas;

  @LabelSelector
  @JsonPropertyDescription("Label selector for the scale subresource.")
  private String selector;

  @SchemaFrom(type = StatusCondition[].class)
  @JsonPropertyDescription("Ready, Progressing and Degraded.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("Up to 50 workers, not yet ready ones first; the rest are counted only.")
  private List<WorkerStatus> workers = new ArrayList<>();

  @JsonPropertyDescription("How many workers were left out of the workers list.")
  private Integer workersOmitted;

  @JsonPropertyDescription(
      "The next launch sequence number. Written before a launch so that a restarted operator"
          + " never reuses a worker name.")
  private Long nextLaunchSequence;

  @JsonPropertyDescription(
      "Launches not yet seen on the backend: their workers count as pending until seen or until"
          + " a grace period ends (then they are replaced). At most 20.")
  private List<LaunchIntent> launchesInFlight = new ArrayList<>();

  @JsonPropertyDescription(
      "Ids of spec.scaleDown.workersToDelete already handled (the worker was stopped or is"
          + " gone); they are not acted on again and leave this list once they leave the spec."
          + " The operator never edits the spec. At most 1000.")
  private List<String> handledWorkersToDelete = new ArrayList<>();

  @JsonPropertyDescription("Failure bookkeeping that drives replacement backoff.")
  private FailureStatus failures;

  @JsonPropertyDescription("Where workers and drivers reach the coordinator.")
  private CoordinatorStatus coordinator;

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public String getPhase() {
    return phase;
  }

  public void setPhase(String phase) {
    this.phase = phase;
  }

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public Integer getPendingReplicas() {
    return pendingReplicas;
  }

  public void setPendingReplicas(Integer pendingReplicas) {
    this.pendingReplicas = pendingReplicas;
  }

  public Integer getRunningReplicas() {
    return runningReplicas;
  }

  public void setRunningReplicas(Integer runningReplicas) {
    this.runningReplicas = runningReplicas;
  }

  public Integer getReadyReplicas() {
    return readyReplicas;
  }

  public void setReadyReplicas(Integer readyReplicas) {
    this.readyReplicas = readyReplicas;
  }

  public Integer getLostReplicas() {
    return lostReplicas;
  }

  public void setLostReplicas(Integer lostReplicas) {
    this.lostReplicas = lostReplicas;
  }

  public Integer getFailedReplicas() {
    return failedReplicas;
  }

  public void setFailedReplicas(Integer failedReplicas) {
    this.failedReplicas = failedReplicas;
  }

  public String getSelector() {
    return selector;
  }

  public void setSelector(String selector) {
    this.selector = selector;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public List<WorkerStatus> getWorkers() {
    return workers;
  }

  public void setWorkers(List<WorkerStatus> workers) {
    this.workers = workers;
  }

  public Integer getWorkersOmitted() {
    return workersOmitted;
  }

  public void setWorkersOmitted(Integer workersOmitted) {
    this.workersOmitted = workersOmitted;
  }

  public Long getNextLaunchSequence() {
    return nextLaunchSequence;
  }

  public void setNextLaunchSequence(Long nextLaunchSequence) {
    this.nextLaunchSequence = nextLaunchSequence;
  }

  public List<LaunchIntent> getLaunchesInFlight() {
    return launchesInFlight;
  }

  public void setLaunchesInFlight(List<LaunchIntent> launchesInFlight) {
    this.launchesInFlight = launchesInFlight;
  }

  public List<String> getHandledWorkersToDelete() {
    return handledWorkersToDelete;
  }

  public void setHandledWorkersToDelete(List<String> handledWorkersToDelete) {
    this.handledWorkersToDelete = handledWorkersToDelete;
  }

  public FailureStatus getFailures() {
    return failures;
  }

  public void setFailures(FailureStatus failures) {
    this.failures = failures;
  }

  public CoordinatorStatus getCoordinator() {
    return coordinator;
  }

  public void setCoordinator(CoordinatorStatus coordinator) {
    this.coordinator = coordinator;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof AwsClusterStatus that)) {
      return false;
    }
    return Objects.equals(observedGeneration, that.observedGeneration)
        && Objects.equals(phase, that.phase)
        && Objects.equals(replicas, that.replicas)
        && Objects.equals(pendingReplicas, that.pendingReplicas)
        && Objects.equals(runningReplicas, that.runningReplicas)
        && Objects.equals(readyReplicas, that.readyReplicas)
        && Objects.equals(lostReplicas, that.lostReplicas)
        && Objects.equals(failedReplicas, that.failedReplicas)
        && Objects.equals(selector, that.selector)
        && Objects.equals(conditions, that.conditions)
        && Objects.equals(workers, that.workers)
        && Objects.equals(workersOmitted, that.workersOmitted)
        && Objects.equals(nextLaunchSequence, that.nextLaunchSequence)
        && Objects.equals(launchesInFlight, that.launchesInFlight)
        && Objects.equals(handledWorkersToDelete, that.handledWorkersToDelete)
        && Objects.equals(failures, that.failures)
        && Objects.equals(coordinator, that.coordinator);
  }

  @Override
  public int hashCode() {
    return Objects.hash(phase, replicas, readyReplicas, conditions, nextLaunchSequence);
  }
}
