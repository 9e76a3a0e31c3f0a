package io.clustermanagers.aws.operator.core;

import io.clustermanagers.aws.api.v1alpha1.AwsClusterSpec;
import io.clustermanagers.aws.api.v1alpha1.BackendType;
import java.util.Arrays;
import java.util.Optional;

/** The backend a spec names, read leniently (for cleanup of a spec that is otherwise invalid). */
final class SpecBackend {
  private SpecBackend() {}

  static Optional<BackendType> of(AwsClusterSpec spec) {
    if (spec == null || spec.getBackend() == null) {
      return Optional.empty();
    }
    return Arrays.stream(BackendType.values())
        .filter(t -> t.specValue().equalsIgnoreCase(spec.getBackend()))
        .findFirst();
  }
}
