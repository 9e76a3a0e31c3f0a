package io.clustermanagers.aws.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.clustermanagers.aws.operator.coordinator.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReconcileRateLimiterTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final ReconcileRateLimiter limiter = new ReconcileRateLimiter(20, 10, clock);
  private final ReconcileRateLimiter.Bucket bucket = limiter.initState();

  private void advance(Duration d) {
    clock.advance(d);
  }

  @Test
  void aBurstGoesAtOnce() {
    for (int i = 0; i < 20; i++) {
      assertThat(limiter.isLimited(bucket)).as("reconcile %d", i + 1).isEmpty();
    }
  }

  /** JOSDK's fixed window would hold the 21st for up to the rest of its second. */
  @Test
  void overTheBurstAReconcileWaitsOnlyForItsToken() {
    for (int i = 0; i < 20; i++) {
      limiter.isLimited(bucket);
    }

    Optional<Duration> wait = limiter.isLimited(bucket);

    assertThat(wait).hasValue(Duration.ofMillis(100));
    advance(Duration.ofMillis(100));
    assertThat(limiter.isLimited(bucket)).isEmpty();
  }

  @Test
  void aLoopThatAsksAllTheTimeGetsTheRate() {
    int allowed = 0;
    for (int ms = 0; ms < 10_000; ms++) {
      if (limiter.isLimited(bucket).isEmpty()) {
        allowed++;
      }
      advance(Duration.ofMillis(1));
    }

    assertThat(allowed).as("20 at once, then 10/s for 10 s").isBetween(119, 121);
  }

  @Test
  void eachClusterHasItsOwnBucket() {
    for (int i = 0; i < 20; i++) {
      limiter.isLimited(bucket);
    }

    assertThat(limiter.isLimited(limiter.initState())).isEmpty();
  }
}
