package io.clustermanagers.aws.operator.backend.batch;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Spaces SubmitJob calls so that this process stays under Batch's account quota of 50 calls per
 * second, whatever number of clusters it reconciles at once.
 */
final class SubmitRateLimiter {
  /** Waits; the test fake records instead. */
  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;
  private long nextSlot = Long.MIN_VALUE;

  SubmitRateLimiter(int perSecond, LongSupplier nanoTime, Sleeper sleeper) {
    this.intervalNanos = 1_000_000_000L / perSecond;
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
  }

  static SubmitRateLimiter systemWide(int perSecond) {
    return new SubmitRateLimiter(perSecond, System::nanoTime, d -> Thread.sleep(d.toMillis()));
  }

  /** Returns once a call may be made. */
  synchronized void acquire() throws InterruptedException {
    long now = nanoTime.getAsLong();
    if (nextSlot != Long.MIN_VALUE && nextSlot - now > 0) {
      sleeper.sleep(Duration.ofNanos(nextSlot - now));
      now = nextSlot;
    }
    nextSlot = now + intervalNanos;
  }
}
