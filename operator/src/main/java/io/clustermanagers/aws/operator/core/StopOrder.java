package io.clustermanagers.aws.operator.core;

import java.util.Optional;

/**
 * The planner's decision to stop one worker, and why (a CamelCase reason and a sentence).
 *
 * @param wholeGang set when the worker's whole gang is stopped with it (one stop for the gang)
 */
public record StopOrder(
    String workerId, String reason, String message, Optional<String> wholeGang) {

  /** A stop of this worker alone. */
  public StopOrder(String workerId, String reason, String message) {
    this(workerId, reason, message, Optional.empty());
  }
}
