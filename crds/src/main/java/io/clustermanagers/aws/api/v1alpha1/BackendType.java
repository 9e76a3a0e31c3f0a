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

  /** The backend a spec or flag names ({@code batch}, {@code ecs}, {@code local}; any case). */
  public static java.util.Optional<BackendType> fromSpecValue(String value) {
    if (value == null) {
      return java.util.Optional.empty();
    }
    String wanted = value.trim().toLowerCase(java.util.Locale.ROOT);
    return java.util.Arrays.stream(values()).filter(t -> t.specValue().equals(wanted)).findFirst();
  }
}
