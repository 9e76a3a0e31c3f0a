package io.clustermanagers.aws.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class CoordinatorLossWatchTest {

  private static final Duration TIMEOUT = Duration.ofMinutes(15);
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final CoordinatorContact contact = new CoordinatorContact(clock);
  private final GiveUpSignal signal = new GiveUpSignal();
  private final List<GiveUp> given = new CopyOnWriteArrayList<>();
  private final CoordinatorLossWatch watch = new CoordinatorLossWatch(contact, TIMEOUT, signal);

  @Test
  void givesUpOnceTheCoordinatorWasNotReachedForTheTimeout() {
    clock.advance(TIMEOUT.minusSeconds(1));
    watch.check();
    assertThat(signal.isGivenUp()).isFalse();

    clock.advance(Duration.ofSeconds(1));
    watch.check();

    assertThat(signal.isGivenUp()).isTrue();
    signal.onGiveUp(given::add);
    org.awaitility.Awaitility.await().until(() -> !given.isEmpty());
    assertThat(given.get(0).exitCode()).isEqualTo(GiveUp.EXIT_COORDINATOR_LOST);
    assertThat(given.get(0).deregister()).isTrue();
    assertThat(given.get(0).message())
        .contains("900 s", "ACM_COORDINATOR_LOSS_TIMEOUT_SECONDS", "2026-01-01T00:00:00Z");
  }

  @Test
  void eachContactStartsTheTimeoutOver() {
    clock.advance(TIMEOUT.minusSeconds(1));
    contact.reached();
    clock.advance(TIMEOUT.minusSeconds(1));

    watch.check();

    assertThat(signal.isGivenUp()).isFalse();
  }

  @Test
  void checksTenTimesPerTimeoutWithinBounds() {
    assertThat(CoordinatorLossWatch.checkInterval(Duration.ofSeconds(20)))
        .isEqualTo(Duration.ofSeconds(2));
    assertThat(CoordinatorLossWatch.checkInterval(Duration.ofSeconds(1)))
        .isEqualTo(Duration.ofMillis(100));
    assertThat(CoordinatorLossWatch.checkInterval(TIMEOUT)).isEqualTo(Duration.ofSeconds(5));
  }
}
