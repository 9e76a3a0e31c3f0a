package io.clustermanagers.aws.agent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * When the agent last reached its coordinator: a registration it accepted or a heartbeat it
 * acknowledged. Answers that leave the worker unknown (401, 404) do not count: a coordinator that
 * keeps refusing is as good as none. Starts as reached when the agent starts. Thread-safe.
 */
final class CoordinatorContact {

  private final Clock clock;
  private volatile Instant lastReached;

  CoordinatorContact(Clock clock) {
    this.clock = clock;
    this.lastReached = clock.instant();
  }

  void reached() {
    lastReached = clock.instant();
  }

  Instant lastReached() {
    return lastReached;
  }

  /** How long the coordinator has not been reached. */
  Duration silentFor() {
    return Duration.between(lastReached, clock.instant());
  }
}
