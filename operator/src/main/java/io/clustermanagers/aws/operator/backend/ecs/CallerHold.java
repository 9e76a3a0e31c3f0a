package io.clustermanagers.aws.operator.backend.ecs;

import io.clustermanagers.aws.operator.backend.BackendException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answers of one caller's StopTask calls, in the order they come: the caller {@link #await}s a
 * number of them for a bounded time and gets the failures among those that came; a failure that
 * comes after the caller has gone is logged (the task shows running at the next observe and is
 * stopped again).
 */
final class CallerHold {
  private static final Logger LOG = LoggerFactory.getLogger(CallerHold.class);

  private final List<Throwable> failures = new ArrayList<>();
  private int answered;
  private boolean callerGone;

  /** One of the caller's calls answered ({@code failure} null) or failed. */
  synchronized void answered(Throwable failure) {
    answered++;
    if (failure != null) {
      if (callerGone) {
        LOG.warn("StopTask failed (the task is stopped again): {}", failure.getMessage());
      } else {
        failures.add(failure);
      }
    }
    notifyAll();
  }

  /**
   * Waits until {@code count} calls have answered, or {@code atMost} has passed; the failures of
   * those that answered meanwhile.
   */
  synchronized List<BackendException> await(int count, Duration atMost) throws BackendException {
    long deadline = System.nanoTime() + atMost.toNanos();
    try {
      for (long left = atMost.toNanos(); answered < count && left > 0; ) {
        TimeUnit.NANOSECONDS.timedWait(this, left);
        left = deadline - System.nanoTime();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw BackendException.transientFailure(
          "Interrupted", "interrupted while stopping (the stops go on)", e);
    } finally {
      callerGone = true;
    }
    return failures.stream().map(CallerHold::asBackendFailure).toList();
  }

  private static BackendException asBackendFailure(Throwable cause) {
    if (cause instanceof BackendException backend) {
      return backend;
    }
    throw new IllegalStateException("StopTask failed unexpectedly", cause);
  }
}
