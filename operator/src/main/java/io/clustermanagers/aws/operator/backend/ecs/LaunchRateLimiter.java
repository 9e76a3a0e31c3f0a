package io.clustermanagers.aws.operator.backend.ecs;

import io.clustermanagers.aws.operator.rate.TokenBucket;
import java.time.Clock;
import java.time.Duration;

/**
 * A token bucket in front of RunTask, like Fargate's own launch rate (a bucket of 100 tasks
 * refilled at 20 per second). A launch takes tokens for its tasks; when the bucket is short it
 * waits at most {@code maxWait}, then gives up so that the reconcile thread is not held: the
 * missing workers are launched by a later reconcile. {@link #tryTakeNow} and {@link
 * #untilAvailable} serve a caller that schedules its calls instead of waiting (the StopTask bucket
 * of {@link StopDispatcher}).
 */
final class LaunchRateLimiter {
  /** Waits for the given time (a fake in tests). */
  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final TokenBucket bucket;
  private final Duration maxWait;
  private final Sleeper sleeper;

  LaunchRateLimiter(
      int capacity, double perSecond, Duration maxWait, Clock clock, Sleeper sleeper) {
    this.bucket = new TokenBucket(capacity, perSecond, clock);
    this.maxWait = maxWait;
    this.sleeper = sleeper;
  }

  /**
   * A launch rate of {@code burst} tasks at once and {@code perSecond} after, each launch waiting
   * at most a second (Fargate documents 100 and 20: {@link EcsCallRates#DEFAULT}).
   */
  static LaunchRateLimiter launches(int burst, double perSecond, Clock clock) {
    return new LaunchRateLimiter(
        burst, perSecond, Duration.ofSeconds(1), clock, d -> Thread.sleep(d.toMillis()));
  }

  /**
   * Takes {@code count} tokens, waiting up to the maximum wait for them; false (and nothing taken)
   * when they would take longer.
   */
  boolean tryAcquire(int count) throws InterruptedException {
    if (bucket.tryTake(count)) {
      return true;
    }
    Duration wait = bucket.untilAvailable(count);
    if (wait.compareTo(maxWait) > 0 || count > bucket.capacity()) {
      return false;
    }
    sleeper.sleep(wait);
    return bucket.tryTake(count);
  }

  /** Whole tokens in the bucket now. Never sleeps. */
  int availableNow() {
    return bucket.available();
  }

  /** Takes {@code count} tokens if the bucket holds them now; false (nothing taken) if not. */
  boolean tryTakeNow(int count) {
    return bucket.tryTake(count);
  }

  /**
   * How long until the bucket holds {@code count} tokens (zero: it does now), if nobody takes any
   * meanwhile: when to try again. Never sleeps.
   */
  Duration untilAvailable(int count) {
    return bucket.untilAvailable(count);
  }
}
