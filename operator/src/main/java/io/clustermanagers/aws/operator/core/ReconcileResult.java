package io.clustermanagers.aws.operator.core;

import java.time.Duration;
import java.util.Optional;

/**
 * How a reconcile ended.
 *
 * @param requeueAfter when to look again at the latest (events may come sooner)
 * @param done for a cleanup: true once no worker is left
 */
public record ReconcileResult(Optional<Duration> requeueAfter, boolean done) {
  static ReconcileResult after(Duration delay) {
    return new ReconcileResult(Optional.of(delay), true);
  }

  static ReconcileResult waitForChange() {
    return new ReconcileResult(Optional.empty(), true);
  }

  static ReconcileResult notDoneYet(Duration delay) {
    return new ReconcileResult(Optional.of(delay), false);
  }
}
