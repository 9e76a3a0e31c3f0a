package io.clustermanagers.aws.operator.backend.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SubmitRateLimiterTest {
  @Test
  void callsAtTheSameInstantAreSpacedByTheInterval() throws Exception {
    AtomicLong now = new AtomicLong(1_000);
    List<Duration> slept = new ArrayList<>();
    SubmitRateLimiter limiter = new SubmitRateLimiter(50, now::get, slept::add);
    limiter.acquire();
    limiter.acquire();
    limiter.acquire();
    assertThat(slept).containsExactly(Duration.ofMillis(20), Duration.ofMillis(40));
  }

  @Test
  void callsFarApartDoNotWait() throws Exception {
    AtomicLong now = new AtomicLong(0);
    List<Duration> slept = new ArrayList<>();
    SubmitRateLimiter limiter = new SubmitRateLimiter(50, now::get, slept::add);
    limiter.acquire();
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    limiter.acquire();
    assertThat(slept).isEmpty();
  }
}
