package io.clustermanagers.aws.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The CRD schema of one entry of {@code status.conditions}: the fields of a Kubernetes condition
 * ({@link io.fabric8.kubernetes.api.model.Condition}, which carries no descriptions), documented.
 * Used only through {@code @SchemaFrom}; the operator reads and writes fabric8's Condition.
 */
final class StatusCondition {
  @JsonPropertyDescription("Ready, Progressing or Degraded.")
  public String type;

  @JsonPropertyDescription("True, False or Unknown.")
  public String status;

  @JsonPropertyDescription("A CamelCase word that says why the condition has its status.")
  public String reason;

  @JsonPropertyDescription("What happened, for people: names the field or resource at fault.")
  public String message;

  @JsonPropertyDescription("When status last changed.")
  public String lastTransitionTime;

  @JsonPropertyDescription("The spec generation the condition was set for.")
  public Long observedGeneration;

  private StatusCondition() {}
}
