package io.clustermanagers.aws.operator.controller;

import io.clustermanagers.aws.operator.rate.TokenBucket;
import io.javaoperatorsdk.operator.processing.event.rate.RateLimiter;
import io.javaoperatorsdk.operator.processing.event.rate.RateLimiter.RateLimitState;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

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
  /** JOSDK reschedules a limited reconcile after the wait: never sooner than this. */
  private static final Duration MIN_WAIT = Duration.ofMillis(1);

  private final int burst;
  private final double perSecond;
  private final Clock clock;

  /** One AwsCluster's bucket (JOSDK keeps one per resource). */
  static final class Bucket implements RateLimitState {
    private final TokenBucket tokens;

    private Bucket(TokenBucket tokens) {
      this.tokens = tokens;
    }
  }

  ReconcileRateLimiter(int burst, double perSecond, Clock clock) {
    this.burst = burst;
    this.perSecond = perSecond;
    this.clock = clock;
  }

  @Override
  public Bucket initState() {
    return new Bucket(new TokenBucket(burst, perSecond, clock));
  }

  @Override
  public Optional<Duration> isLimited(RateLimitState state) {
    if (!(state instanceof Bucket bucket) || bucket.tokens.tryTake(1)) {
      return Optional.empty();
    }
    Duration wait = bucket.tokens.untilAvailable(1);
    return Optional.of(wait.compareTo(MIN_WAIT) < 0 ? MIN_WAIT : wait);
  }
}
