package io.clustermanagers.aws.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.model.annotation.SpecReplicas;

/**
 * What the user asks for. {@code backend} is a plain string (constrained by the schema) so that a
 * resource with an unknown backend can still be read and reported as invalid.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.minReady) || self.minReady <= self.replicas",
    message = "spec.minReady must not exceed spec.replicas",
    fieldPath = ".minReady")
@ValidationRule(
    value = "!has(self.batch) || self.backend == 'batch'",
    message = "spec.batch is only read by backend batch: remove it or set spec.backend to batch",
    fieldPath = ".batch")
@ValidationRule(
    value = "!has(self.ecs) || self.backend == 'ecs'",
    message = "spec.ecs is only read by backend ecs: remove it or set spec.backend to ecs",
    fieldPath = ".ecs")
@ValidationRule(
    value = "!has(self.local) || self.backend == 'local'",
    message = "spec.local is only read by backend local: remove it or set spec.backend to local",
    fieldPath = ".local")
@ValidationRule(
    value = AwsClusterSpec.IMMUTABLE_BATCH_JOB_QUEUE,
    message = "spec.batch.jobQueue" + AwsClusterSpec.IMMUTABLE,
    fieldPath = ".batch.jobQueue")
@ValidationRule(
    value = AwsClusterSpec.IMMUTABLE_BATCH_REGION,
    message = "spec.batch.region" + AwsClusterSpec.IMMUTABLE,
    fieldPath = ".batch.region")
@ValidationRule(
    value = AwsClusterSpec.MULTI_NODE_NODES,
    message =
        "spec.batch.multiNode.nodes must equal spec.replicas (the node count): change both to"
            + " resize the job, which replaces it",
    fieldPath = ".batch.multiNode.nodes")
@ValidationRule(
    value = AwsClusterSpec.MULTI_NODE_MAIN_NODE,
    message = "spec.batch.multiNode.mainNode must be below spec.replicas (the node count)",
    fieldPath = ".batch.multiNode.mainNode")
@ValidationRule(
    value = AwsClusterSpec.IMMUTABLE_BATCH_MULTI_NODE,
    message =
        "spec.batch.multiNode can be neither added nor removed: delete and re-create the"
            + " AwsCluster to switch between array and multi-node jobs",
    fieldPath = ".batch.multiNode")
@ValidationRule(
    value = AwsClusterSpec.IMMUTABLE_ECS_CLUSTER,
    message = "spec.ecs.cluster" + AwsClusterSpec.IMMUTABLE,
    fieldPath = ".ecs.cluster")
@ValidationRule(
    value = AwsClusterSpec.IMMUTABLE_ECS_REGION,
    message = "spec.ecs.region" + AwsClusterSpec.IMMUTABLE,
    fieldPath = ".ecs.region")
public class AwsClusterSpec {
  /**
   * A Go-style duration of hours, minutes and seconds, for example {@code 25m} or {@code 1h30m}.
   */
  public static final String DURATION_PATTERN = "^([0-9]+h)?([0-9]+m)?([0-9]+s)?$";

  static final int DURATION_MAX_LENGTH = 32;

  /**
   * The most workers one cluster may ask for: the size limit of an AWS Batch array job, and a guard
   * against a typo (an extra digit or two) launching a hundred million workers.
   */
  public static final int REPLICAS_MAX = 10000;

  /** An AWS region name such as {@code us-east-1}, {@code us-gov-west-1} or {@code cn-north-1}. */
  static final String REGION_PATTERN = "^[a-z]{2}(-[a-z]+)+-[0-9]+$";

  static final int REGION_MAX_LENGTH = 32;

  /** AWS allows 50 tags per resource; the operator adds its own ownership tags. */
  static final int USER_TAGS_MAX = 40;

  static final String TAGS_RULE =
      "self.all(k, size(k) <= 128 && size(self[k]) <= 256 && !k.startsWith('aws:'))";
  static final String TAGS_RULE_MESSAGE =
      "tag keys are at most 128 characters and must not start with aws:, values at most 256";

  static final String IMMUTABLE = " is immutable: delete and re-create the AwsCluster to change it";

  // Transition rules on spec rather than on the optional field (a rule there would only run when
  // the field is in both the old and the new object): adding, removing or changing the field is
  // rejected alike, and a missing spec.batch or spec.ecs counts as the field being absent.
  static final String IMMUTABLE_BATCH_JOB_QUEUE =
      "(has(self.batch) && has(self.batch.jobQueue))"
          + " == (has(oldSelf.batch) && has(oldSelf.batch.jobQueue))"
          + " && (!has(self.batch) || !has(self.batch.jobQueue)"
          + " || self.batch.jobQueue == oldSelf.batch.jobQueue)";
  static final String IMMUTABLE_BATCH_REGION =
      "(has(self.batch) && has(self.batch.region))"
          + " == (has(oldSelf.batch) && has(oldSelf.batch.region))"
          + " && (!has(self.batch) || !has(self.batch.region)"
          + " || self.batch.region == oldSelf.batch.region)";
  static final String MULTI_NODE_NODES =
      "!has(self.batch) || !has(self.batch.multiNode) || !has(self.batch.multiNode.nodes)"
          + " || (has(self.replicas) ? self.replicas : 1) == self.batch.multiNode.nodes";
  static final String MULTI_NODE_MAIN_NODE =
      "!has(self.batch) || !has(self.batch.multiNode) || !has(self.batch.multiNode.mainNode)"
          + " || (has(self.replicas) ? self.replicas : 1) == 0"
          + " || self.batch.multiNode.mainNode < (has(self.replicas) ? self.replicas : 1)";
  static final String IMMUTABLE_BATCH_MULTI_NODE =
      "(has(self.batch) && has(self.batch.multiNode))"
          + " == (has(oldSelf.batch) && has(oldSelf.batch.multiNode))";
  static final String IMMUTABLE_ECS_CLUSTER =
      "(has(self.ecs) && has(self.ecs.cluster))"
          + " == (has(oldSelf.ecs) && has(oldSelf.ecs.cluster))"
          + " && (!has(self.ecs) || !has(self.ecs.cluster)"
          + " || self.ecs.cluster == oldSelf.ecs.cluster)";
  static final String IMMUTABLE_ECS_REGION =
      "(has(self.ecs) && has(self.ecs.region))"
          + " == (has(oldSelf.ecs) && has(oldSelf.ecs.region))"
          + " && (!has(self.ecs) || !has(self.ecs.region)"
          + " || self.ecs.region == oldSelf.ecs.region)";

  @Required
  @SchemaFrom(type = BackendType.class)
  @ValidationRule(value = "self == oldSelf", message = "spec.backend" + IMMUTABLE)
  @JsonPropertyDescription(
      "Where the workers run: batch (AWS Batch jobs), ecs (ECS tasks) or local (processes on the"
          + " operator's machine, for development). Immutable: delete and re-create the"
          + " AwsCluster to move it.")
  private String backend;

  @Min(0)
  @Max(REPLICAS_MAX)
  @Default("1")
  @SpecReplicas
  @JsonPropertyDescription(
      "How many workers to keep running, at most 10000: the size limit of an AWS Batch array"
          + " job, and a guard against a typo launching a hundred million workers.")
  private Integer replicas = 1;

  @Min(0)
  @Max(REPLICAS_MAX)
  @JsonPropertyDescription(
      "The cluster is Ready once this many workers have registered and are heartbeating."
          + " Defaults to replicas; must not exceed it.")
  private Integer minReady;

  @Pattern(DURATION_PATTERN)
  @Size(min = 2, max = DURATION_MAX_LENGTH)
  @Default("25m")
  @JsonPropertyDescription(
      "How long a launched worker may take to register before it is stopped, replaced and"
          + " reported, for example 25m.")
  private String registrationTimeout = "25m";

  @Pattern(DURATION_PATTERN)
  @Size(min = 2, max = DURATION_MAX_LENGTH)
  @Default("30s")
  @JsonPropertyDescription(
      "How long a registered worker may go without a heartbeat before it counts as lost and is"
          + " replaced, for example 30s. Workers heartbeat three times per timeout.")
  private String heartbeatTimeout = "30s";

  @Pattern(DURATION_PATTERN)
  @Size(min = 2, max = DURATION_MAX_LENGTH)
  @Default("15m")
  @JsonPropertyDescription(
      "How long a worker goes on without reaching its coordinator before it stops its workload"
          + " and exits on its own, so that its Batch job or ECS task ends and stops costing,"
          + " for example 15m; at least heartbeatTimeout. Longer than an operator restart takes:"
          + " workers of a restarted"
          + " operator register again and are not stopped. A worker whose AwsCluster was"
          + " deleted stops at once when the coordinator says so.")
  private String coordinatorLossTimeout = "15m";

  @Pattern(DURATION_PATTERN)
  @Size(min = 2, max = DURATION_MAX_LENGTH)
  @JsonPropertyDescription(
      "A cost ceiling for a cluster somebody forgets, for example 8h: this long after the"
          + " AwsCluster was created (in standalone mode, after the run started) every worker is"
          + " stopped and the cluster reports Suspended with reason MaxLifetimeExceeded. Raise or"
          + " remove it to launch the workers again. Unset: no limit.")
  private String maxLifetime;

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

  public String getCoordinatorLossTimeout() {
    return coordinatorLossTimeout;
  }

  public void setCoordinatorLossTimeout(String coordinatorLossTimeout) {
    this.coordinatorLossTimeout = coordinatorLossTimeout;
  }

  public String getMaxLifetime() {
    return maxLifetime;
  }

  public void setMaxLifetime(String maxLifetime) {
    this.maxLifetime = maxLifetime;
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
