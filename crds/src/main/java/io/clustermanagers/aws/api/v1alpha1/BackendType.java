package io.clustermanagers.aws.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The backends a cluster can use; the schema of {@code spec.backend}. */
public enum BackendType {
  @JsonProperty("batch")
  BATCH,
  @JsonProperty("ecs")
  ECS,
  @JsonProperty("local")
  LOCAL;

  /** The spelling used in the spec. */
  public String specValue() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
