package io.clustermanagers.aws.operator.backend.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LaunchRateLimiterTest {
  private Instant now = Instant.parse("2025-01-01T00:00:00Z");
  private final List<Duration> sleeps = new ArrayList<>();
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };
  private final LaunchRateLimiter bucket =
      new LaunchRateLimiter(
          100,
          20,
          Duration.ofSeconds(1),
          clock,
          d -> {
            sleeps.add(d);
            now = now.plus(d);
          });

  @Test
  void aFullBucketLaunchesAHundredAtOnce() throws Exception {
    for (int i = 0; i < 10; i++) {
      assertThat(bucket.tryAcquire(10)).isTrue();
    }
    assertThat(sleeps).isEmpty();
  }

  @Test
  void anEmptyBucketWaitsForARefillOfUpToOneSecond() throws Exception {
    for (int i = 0; i < 10; i++) {
      bucket.tryAcquire(10);
    }
    assertThat(bucket.tryAcquire(10)).isTrue();
    assertThat(sleeps).containsExactly(Duration.ofMillis(500));
  }

  @Test
  void aLongerWaitIsRefusedWithoutSleepingOrTaking() throws Exception {
    LaunchRateLimiter small =
        new LaunchRateLimiter(10, 5, Duration.ofSeconds(1), clock, d -> sleeps.add(d));
    assertThat(small.tryAcquire(10)).isTrue();
    assertThat(small.tryAcquire(10)).as("2 s of refill needed").isFalse();
    assertThat(small.tryAcquire(11)).as("more than the bucket holds").isFalse();
    assertThat(sleeps).isEmpty();
    now = now.plusSeconds(2);
    assertThat(small.tryAcquire(10)).as("nothing was taken by the refusals").isTrue();
  }

  @Test
  void aThousandWorkersTakeAboutFortyFiveSecondsOfRefill() throws Exception {
    int launched = 0;
    while (launched < 1000) {
      if (bucket.tryAcquire(10)) {
        launched += 10;
      }
    }
    Duration slept = sleeps.stream().reduce(Duration.ZERO, Duration::plus);
    assertThat(slept).isEqualTo(Duration.ofSeconds(45));
  }

  @Test
  void aCallerThatSchedulesTakesWhatIsThereAndLearnsWhenTheNextTokenIsDue() {
    LaunchRateLimiter stops = new LaunchRateLimiter(100, 100, Duration.ZERO, clock, d -> {});
    assertThat(stops.availableNow()).isEqualTo(100);
    for (int i = 0; i < 100; i++) {
      assertThat(stops.tryTakeNow(1)).isTrue();
    }
    assertThat(stops.tryTakeNow(1)).as("empty: nothing taken, nobody sleeps").isFalse();
    assertThat(stops.untilAvailable(1)).isEqualTo(Duration.ofMillis(10));
    assertThat(stops.untilAvailable(5)).isEqualTo(Duration.ofMillis(50));

    now = now.plusMillis(10);
    assertThat(stops.untilAvailable(1)).isZero();
    assertThat(stops.tryTakeNow(1)).isTrue();
    assertThat(stops.availableNow()).isZero();
    assertThat(sleeps).isEmpty();
  }
}
