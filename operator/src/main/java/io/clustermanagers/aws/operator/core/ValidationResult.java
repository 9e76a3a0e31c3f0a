package io.clustermanagers.aws.operator.core;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Either a desired cluster or the list of what is wrong with the spec. */
public record ValidationResult(Optional<DesiredCluster> desired, List<SpecError> errors) {

  static ValidationResult valid(DesiredCluster desired) {
    return new ValidationResult(Optional.of(desired), List.of());
  }

  static ValidationResult invalid(List<SpecError> errors) {
    return new ValidationResult(Optional.empty(), List.copyOf(errors));
  }

  public boolean isValid() {
    return desired.isPresent();
  }

  /** All problems in one line, each naming its field. */
  public String message() {
    return errors.stream().map(SpecError::toString).collect(Collectors.joining("; "));
  }
}
