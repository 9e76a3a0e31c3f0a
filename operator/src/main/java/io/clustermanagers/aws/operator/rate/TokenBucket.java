package io.clustermanagers.aws.operator.rate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A token bucket: {@code capacity} tokens at once, refilled at {@code perSecond}. It never sleeps:
 * a caller takes what is there ({@link #tryTake}) or learns when it will be ({@link
 * #untilAvailable}). Thread-safe.
 */
public final class TokenBucket {
  private final double capacity;
  private final double perSecond;
  private final Clock clock;
  private double tokens;
  private Instant refilledAt;

  public TokenBucket(int capacity, double perSecond, Clock clock) {
    if (capacity < 1 || perSecond <= 0) {
      throw new IllegalArgumentException(
          "a token bucket needs a capacity of 1 or more and a rate above 0, got "
              + capacity
              + " and "
              + perSecond);
    }
    this.capacity = capacity;
    this.perSecond = perSecond;
    this.clock = clock;
    this.tokens = capacity;
    this.refilledAt = clock.instant();
  }

  public int capacity() {
    return (int) capacity;
  }

  /** Whole tokens in the bucket now. */
  public synchronized int available() {
    refill();
    return (int) Math.floor(tokens);
  }

  /** Takes {@code count} tokens if the bucket holds them now; false (nothing taken) if not. */
  public synchronized boolean tryTake(int count) {
    refill();
    if (tokens < count) {
      return false;
    }
    tokens -= count;
    return true;
  }

  /**
   * How long until the bucket holds {@code count} tokens (zero: it does now), if nobody takes any
   * meanwhile: when to try again.
   */
  public synchronized Duration untilAvailable(int count) {
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
