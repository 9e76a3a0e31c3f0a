package io.clustermanagers.aws.operator.core;

import io.clustermanagers.aws.api.v1alpha1.FailureStatus;
import java.time.Instant;
import java.util.Optional;

/**
 * Consecutive worker failures, as kept in status so that it survives restarts.
 *
 * @param countedThrough the end time of the newest ended worker already counted
 */
public record FailureTally(
    int consecutive,
    Optional<Instant> lastFailureTime,
    String lastFailureReason,
    Optional<Instant> countedThrough,
    int interruptions) {

  public static final FailureTally NONE =
      new FailureTally(0, Optional.empty(), "", Optional.empty(), 0);

  public FailureTally(
      int consecutive,
      Optional<Instant> lastFailureTime,
      String lastFailureReason,
      Optional<Instant> countedThrough) {
    this(consecutive, lastFailureTime, lastFailureReason, countedThrough, 0);
  }

  public static FailureTally from(FailureStatus status) {
    if (status == null) {
      return NONE;
    }
    return new FailureTally(
        status.getConsecutive() == null ? 0 : status.getConsecutive(),
        parse(status.getLastFailureTime()),
        status.getLastFailureReason() == null ? "" : status.getLastFailureReason(),
        parse(status.getCountedThrough()),
        status.getInterruptions() == null ? 0 : status.getInterruptions());
  }

  public FailureStatus toStatus() {
    if (this.equals(NONE)) {
      return null;
    }
    return new FailureStatus(
        consecutive,
        lastFailureTime.map(Instant::toString).orElse(null),
        lastFailureReason.isEmpty() ? null : lastFailureReason,
        countedThrough.map(Instant::toString).orElse(null),
        interruptions == 0 ? null : interruptions);
  }

  FailureTally withFailure(Instant at, String reason) {
    return new FailureTally(
        consecutive + 1, Optional.of(at), reason, countedThrough, interruptions);
  }

  FailureTally withInterruption() {
    return new FailureTally(
        consecutive, lastFailureTime, lastFailureReason, countedThrough, interruptions + 1);
  }

  FailureTally countedThrough(Instant endedAt) {
    if (countedThrough.isPresent() && !endedAt.isAfter(countedThrough.get())) {
      return this;
    }
    return new FailureTally(
        consecutive, lastFailureTime, lastFailureReason, Optional.of(endedAt), interruptions);
  }

  FailureTally reset() {
    return new FailureTally(0, lastFailureTime, lastFailureReason, countedThrough, interruptions);
  }

  private static Optional<Instant> parse(String text) {
    return text == null ? Optional.empty() : Optional.of(Instant.parse(text));
  }
}
