package io.clustermanagers.aws.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/**
 * The workers as the nodes of one AWS Batch multi-node parallel job: started together (gang
 * scheduling, EC2 only), ordered by node index, the main node's address known to the others.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MultiNodeSpec {
  /** Keep the survivors of a gang that lost a node. */
  public static final String CONTINUE = "Continue";

  /** Terminate a gang that lost a node and submit a new one. */
  public static final String REPLACE_GANG = "ReplaceGang";

  @Min(1)
  @Max(AwsClusterSpec.REPLICAS_MAX)
  @JsonPropertyDescription(
      "The node count; optional, and when set it must equal spec.replicas. A multi-node job"
          + " cannot be resized: a new count terminates the running job and submits one of the"
          + " new size. Setting the count here as well keeps a kubectl scale or an autoscaler"
          + " (which change only spec.replicas) from doing that by accident.")
  private Integer nodes;

  @Min(0)
  @Max(AwsClusterSpec.REPLICAS_MAX - 1)
  @JsonPropertyDescription(
      "Index of the main node (default 0): Batch starts it first, the job ends when it exits,"
          + " and every other node finds its address in"
          + " AWS_BATCH_JOB_MAIN_NODE_PRIVATE_IPV4_ADDRESS (the agent sets it on the main node"
          + " too). Must be below spec.replicas. With spec.batch.jobDefinition it must match the"
          + " definition's mainNode: Batch cannot override it at submission.")
  private Integer mainNode;

  @Pattern("^(ReplaceGang|Continue)$")
  @Default(REPLACE_GANG)
  @JsonPropertyDescription(
      "What losing a node (it ended, its heartbeats stopped, or it did not register in time)"
          + " does. ReplaceGang (default): terminate the whole job and submit a new one, with the"
          + " usual backoff, Degraded after repeated losses (Batch never restarts a node of a"
          + " running job). Continue: keep the surviving nodes and report Degraded; a new job is"
          + " submitted only once this one has ended.")
  private String onNodeLoss = REPLACE_GANG;

  @Pattern(AwsClusterSpec.DURATION_PATTERN)
  @Size(min = 2, max = AwsClusterSpec.DURATION_MAX_LENGTH)
  @Default("5m")
  @JsonPropertyDescription(
      "How long each node may take to register, counted from the job reaching RUNNING, for"
          + " example 5m (the default). Used instead of spec.registrationTimeout.")
  private String registrationTimeout = "5m";

  public Integer getNodes() {
    return nodes;
  }

  public void setNodes(Integer nodes) {
    this.nodes = nodes;
  }

  public Integer getMainNode() {
    return mainNode;
  }

  public void setMainNode(Integer mainNode) {
    this.mainNode = mainNode;
  }

  public String getOnNodeLoss() {
    return onNodeLoss;
  }

  public void setOnNodeLoss(String onNodeLoss) {
    this.onNodeLoss = onNodeLoss;
  }

  public String getRegistrationTimeout() {
    return registrationTimeout;
  }

  public void setRegistrationTimeout(String registrationTimeout) {
    this.registrationTimeout = registrationTimeout;
  }
}
