package io.clustermanagers.aws.agent;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that moves with {@link System#nanoTime()} from the wall-clock time it was made at, so
 * that a wall-clock jump (NTP, a VM resumed) never looks like minutes without the coordinator.
 */
final class MonotonicClock extends Clock {

  private final Instant base;
  private final long baseNanos;

  MonotonicClock() {
    this.base = Instant.now();
    this.baseNanos = System.nanoTime();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the agent's clock is UTC only");
  }

  @Override
  public Instant instant() {
    return base.plusNanos(System.nanoTime() - baseNanos);
  }
}
