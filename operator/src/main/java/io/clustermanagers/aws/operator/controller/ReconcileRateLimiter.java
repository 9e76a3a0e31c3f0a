package io.clustermanagers.aws.operator.controller;

import io.javaoperatorsdk.operator.processing.event.rate.RateLimiter;
import io.javaoperatorsdk.operator.processing.event.rate.RateLimiter.RateLimitState;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Reconciles of one AwsCluster as a token bucket: {@code burst} at once, {@code perSecond} after
 * that, and a reconcile over the rate waits only until its token is there (a tenth of a second at
 * 10/s). A loop that asks for a reconcile all the time still gets {@code perSecond}. JOSDK's {@code
 * LinearRateLimiter} counts in fixed one-second windows and holds a reconcile over the count for up
 * to the rest of the window: a scale-up of 50 local workers (8 started per pass, each pass woken by
 * registrations) made more than 10 reconciles in a second, and the pass that saw the last
 * registration, the one that says Ready, waited ~0.9 s (bench/RESULTS.md, time to Ready).
 */
final class ReconcileRateLimiter implements RateLimiter<ReconcileRateLimiter.Bucket> {
  private final int burst;
  private final double perSecond;
  private final LongSupplier nanoTime;

  /** One AwsCluster's bucket (JOSDK keeps one per resource). */
  static final class Bucket implements RateLimitState {
    private double tokens;
    private long refilledAt;

    private Bucket(double tokens, long refilledAt) {
      this.tokens = tokens;
      this.refilledAt = refilledAt;
    }
  }

  ReconcileRateLimiter(int burst, double perSecond, LongSupplier nanoTime) {
    if (burst < 1 || perSecond <= 0) {
      throw new IllegalArgumentException(
          "burst must be 1 or more and perSecond above 0, got " + burst + " and " + perSecond);
    }
    this.burst = burst;
    this.perSecond = perSecond;
    this.nanoTime = nanoTime;
  }

  @Override
  public Bucket initState() {
    return new Bucket(burst, nanoTime.getAsLong());
  }

  @Override
  public Optional<Duration> isLimited(RateLimitState state) {
    if (!(state instanceof Bucket bucket)) {
      return Optional.empty();
    }
    synchronized (bucket) {
      long now = nanoTime.getAsLong();
      double refill = (now - bucket.refilledAt) / 1e9 * perSecond;
      bucket.tokens = Math.min(burst, bucket.tokens + refill);
      bucket.refilledAt = now;
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return Optional.empty();
      }
      long waitNanos = (long) Math.ceil((1 - bucket.tokens) / perSecond * 1e9);
      return Optional.of(Duration.ofNanos(Math.max(1_000_000, waitNanos)));
    }
  }
}
