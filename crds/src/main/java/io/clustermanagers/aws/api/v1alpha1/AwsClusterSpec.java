package io.clustermanagers.aws.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.model.annotation.SpecReplicas;

/**
 * What the user asks for. {@code backend} is a plain string (constrained by the schema) so that a
 * resource with an unknown backend can still be read and reported as invalid.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.minReady) || self.minReady <= self.replicas",
    message = "spec.minReady must not exceed spec.replicas")
public class AwsClusterSpec {
  /**
   * A Go-style duration of hours, minutes and seconds, for example {@code 25m} or {@code 1h30m}.
   */
  public static final String DURATION_PATTERN = "^([0-9]+h)?([0-9]+m)?([0-9]+s)?$";

  @Required
  @SchemaFrom(type = BackendType.class)
  @JsonPropertyDescription(
      "Where the workers run: batch (AWS Batch jobs), ecs (ECS tasks) or local (processes on the"
          + " operator's machine, for development).")
  private String backend;

  @Min(0)
  @Default("1")
  @SpecReplicas
  @JsonPropertyDescription("How many workers to keep running.")
  private Integer replicas = 1;

  @Min(0)
  @JsonPropertyDescription(
      "The cluster is Ready once this many workers have registered and are heartbeating."
          + " Defaults to replicas.")
  private Integer minReady;

  @Pattern(DURATION_PATTERN)
  @Default("25m")
  @JsonPropertyDescription(
      "How long a launched worker may take to register before it is stopped, replaced and"
          + " reported, for example 25m.")
  private String registrationTimeout = "25m";

  @Pattern(DURATION_PATTERN)
  @Default("30s")
  @JsonPropertyDescription(
      "How long a registered worker may go without a heartbeat before it counts as lost and is"
          + " replaced, for example 30s. Workers heartbeat three times per timeout.")
  private String heartbeatTimeout = "30s";

  @Default("false")
  @JsonPropertyDescription(
      "Stop every worker but keep the resource; set back to false to launch them again.")
  private Boolean suspend = false;

  @JsonPropertyDescription("What every worker runs.")
  private WorkerTemplate template = new WorkerTemplate();

  @JsonPropertyDescription("Scale-down choices: which workers to stop first.")
  private ScaleDownSpec scaleDown;

  @JsonPropertyDescription("Settings for backend: batch.")
  private BatchSpec batch;

  @JsonPropertyDescription("Settings for backend: ecs.")
  private EcsSpec ecs;

  @JsonPropertyDescription("Settings for backend: local.")
  private LocalSpec local;

  public String getBackend() {
    return backend;
  }

  public void setBackend(String backend) {
    this.backend = backend;
  }

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public Integer getMinReady() {
    return minReady;
  }

  public void setMinReady(Integer minReady) {
    this.minReady = minReady;
  }

  public String getRegistrationTimeout() {
    return registrationTimeout;
  }

  public void setRegistrationTimeout(String registrationTimeout) {
    this.registrationTimeout = registrationTimeout;
  }

  public String getHeartbeatTimeout() {
    return heartbeatTimeout;
  }

  public void setHeartbeatTimeout(String heartbeatTimeout) {
    this.heartbeatTimeout = heartbeatTimeout;
  }

  public Boolean getSuspend() {
    return suspend;
  }

  public void setSuspend(Boolean suspend) {
    this.suspend = suspend;
  }

  public WorkerTemplate getTemplate() {
    return template;
  }

  public void setTemplate(WorkerTemplate template) {
    this.template = template;
  }

  public ScaleDownSpec getScaleDown() {
    return scaleDown;
  }

  public void setScaleDown(ScaleDownSpec scaleDown) {
    this.scaleDown = scaleDown;
  }

  public BatchSpec getBatch() {
    return batch;
  }

  public void setBatch(BatchSpec batch) {
    this.batch = batch;
  }

  public EcsSpec getEcs() {
    return ecs;
  }

  public void setEcs(EcsSpec ecs) {
    this.ecs = ecs;
  }

  public LocalSpec getLocal() {
    return local;
  }

  public void setLocal(LocalSpec local) {
    this.local = local;
  }
}
