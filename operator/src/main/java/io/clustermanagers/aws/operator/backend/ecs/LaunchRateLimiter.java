package io.clustermanagers.aws.operator.backend.ecs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

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

  private final double capacity;
  private final double perSecond;
  private final Duration maxWait;
  private final Clock clock;
  private final Sleeper sleeper;
  private double tokens;
  private Instant refilledAt;

  LaunchRateLimiter(
      int capacity, double perSecond, Duration maxWait, Clock clock, Sleeper sleeper) {
    this.capacity = capacity;
    this.perSecond = perSecond;
    this.maxWait = maxWait;
    this.clock = clock;
    this.sleeper = sleeper;
    this.tokens = capacity;
    this.refilledAt = clock.instant();
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
    Duration wait;
    synchronized (this) {
      refill();
      if (tokens >= count) {
        tokens -= count;
        return true;
      }
      wait = Duration.ofMillis((long) Math.ceil((count - tokens) * 1000 / perSecond));
      if (wait.compareTo(maxWait) > 0 || count > capacity) {
        return false;
      }
    }
    sleeper.sleep(wait);
    synchronized (this) {
      refill();
      if (tokens >= count) {
        tokens -= count;
        return true;
      }
      return false;
    }
  }

  /** Whole tokens in the bucket now. Never sleeps. */
  synchronized int availableNow() {
    refill();
    return (int) Math.floor(tokens);
  }

  /** Takes {@code count} tokens if the bucket holds them now; false (nothing taken) if not. */
  synchronized boolean tryTakeNow(int count) {
    refill();
    if (tokens < count) {
      return false;
    }
    tokens -= count;
    return true;
  }

  /**
   * How long until the bucket holds {@code count} tokens (zero: it does now), if nobody takes any
   * meanwhile: when to try again. Never sleeps.
   */
  synchronized Duration untilAvailable(int count) {
    refill();
    return tokens >= count
        ? Duration.ZERO
        : Duration.ofNanos((long) Math.ceil((count - tokens) * 1e9 / perSecond));
  }

  private void refill() {
    Instant now = clock.instant();
    double elapsed = Math.max(0, Duration.between(refilledAt, now).toNanos() / 1e9);
    tokens = Math.min(capacity, tokens + elapsed * perSecond);
    refilledAt = now;
  }
}
